// The provider API on the local city: what the API key authorizer costs per request, cached and
// uncached, beside an unauthenticated route; and batch award throughput (batches of 100).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { httpRequest, timed } from './http';
import { report, summarise } from './stats';

const SAMPLES = 300;

export async function benchProviderApi(): Promise<boolean> {
  let allMet = true;
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN', ACCESS_LOG: 'false' } });
  const printed = (label: string) => new RegExp(`${label}\\s+(col_\\S+)`).exec(city.output())![1]!;
  const adminKey = printed('City admin');
  const providerKey = printed('Provider central-library');
  const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  try {
    // An authenticated request whose own work is nothing but the route's rule: another provider's
    // awards answer 404 before any read, so all it costs is authentication. Beside it, an
    // unauthenticated 404 that costs one table read (a missing issuer), and GET /health (no read).
    const guarded = (key: string) => httpRequest(`${city.url}/issuers/somebody-else/awards`, { headers: { authorization: `Bearer ${key}` } });
    const missingIssuer = () => httpRequest(`${city.url}/issuers/nobody-here`);
    const health = () => httpRequest(`${city.url}/health`);
    for (const warm of [health, missingIssuer, () => guarded(providerKey)]) await timed(100, warm);
    const bare = summarise(await timed(SAMPLES, health));
    const open = summarise(await timed(SAMPLES, missingIssuer));
    const cached = summarise(await timed(SAMPLES, () => guarded(providerKey)));
    // Uncached: every request brings a key the authorizer has not seen yet.
    const freshKeys: string[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { body } = await httpRequest(`${city.url}/issuers/central-library/api-keys`, {
        method: 'POST',
        headers: json(adminKey),
        body: JSON.stringify({ label: `bench ${i}`, scopes: ['badges:manage'] }),
      });
      freshKeys.push((JSON.parse(body) as { key: string }).key);
    }
    let next = 0;
    const uncached = summarise(await timed(SAMPLES, () => guarded(freshKeys[next++]!)));
    console.log(
      `        p50: GET /health ${bare.p50.toFixed(2)} ms, unauthenticated 404 with one read ${open.p50.toFixed(2)} ms; ` +
        `authenticated 404: authorizer cached ${cached.p50.toFixed(2)} ms, uncached ${uncached.p50.toFixed(2)} ms`,
    );
    // Cached, authentication is the one consistent revocation read; uncached, the authorizer's read of
    // the key record (and the secret's HMAC) comes on top.
    allMet = report('authenticated, authorizer cached / public', `${(cached.p50 / open.p50).toFixed(2)}x p50`, '<= 1.5x', cached.p50 / open.p50 <= 1.5) && allMet;
    allMet = report('authenticated, authorizer uncached / public', `${(uncached.p50 / open.p50).toFixed(2)}x p50`, '<= 2.5x', uncached.p50 / open.p50 <= 2.5) && allMet;

    const created = await httpRequest(`${city.url}/badge-classes`, {
      method: 'POST',
      headers: json(providerKey),
      body: JSON.stringify({ name: 'Batch bench badge', description: 'x', criteria: { narrative: 'y' }, alignments: [{ skillId: 'coding' }] }),
    });
    const classId = (JSON.parse(created.body) as { id: string }).id;
    const batch = () =>
      httpRequest(`${city.url}/badge-classes/${classId}/awards:batch`, {
        method: 'POST',
        headers: json(providerKey),
        body: JSON.stringify({ recipients: Array.from({ length: 100 }, () => ({ recipient: { email: `l${randomBytes(6).toString('hex')}@example.org` } })) }),
      });
    await batch();
    const batches = 5;
    const started = performance.now();
    for (let i = 0; i < batches; i++) {
      const { status, body } = await batch();
      const result = JSON.parse(body) as { created: number };
      if (status !== 200 || result.created !== 100) throw new Error(`batch answered ${status}: ${body.slice(0, 300)}`);
    }
    const perSecond = (batches * 100) / ((performance.now() - started) / 1000);
    allMet = report('batch awards, 100 per call, end to end', `${perSecond.toFixed(0)} awards/s`, '>= 150/s', perSecond >= 150) && allMet;
  } finally {
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return allMet;
}

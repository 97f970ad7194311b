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
    // awards answer 404 before any read. What it costs beyond GET /health is authentication.
    const guarded = (key: string) => httpRequest(`${city.url}/issuers/somebody-else/awards`, { headers: { authorization: `Bearer ${key}` } });
    const health = () => httpRequest(`${city.url}/health`);
    await timed(100, health);
    await timed(100, () => guarded(providerKey));
    const open = summarise(await timed(SAMPLES, health));
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
      `        GET /health p50 ${open.p50.toFixed(2)} ms; authenticated 404: cached p50 ${cached.p50.toFixed(2)} ms, uncached p50 ${uncached.p50.toFixed(2)} ms`,
    );
    allMet = report('authenticated (authorizer cached) / GET /health', `${(cached.p50 / open.p50).toFixed(2)}x p50`, '<= 2x', cached.p50 / open.p50 <= 2) && allMet;
    allMet = report('authenticated (authorizer uncached) / GET /health', `${(uncached.p50 / open.p50).toFixed(2)}x p50`, '<= 3x', uncached.p50 / open.p50 <= 3) && allMet;

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

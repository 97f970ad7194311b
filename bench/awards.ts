// Awards: the domain part alone (both documents, canonicalise, sign, bake), end to end on the local
// city, and the public badge URLs beside a bare GetItem on the same DynamoDB Local.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { PNG } from 'pngjs';
import { bakePng } from '../functions/domain/baking';
import { verificationMethodId } from '../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../functions/domain/credentials/open-badge-credential';
import { signCredential } from '../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer } from '../functions/domain/credentials/signer';
import { assertionV2 } from '../functions/domain/openbadges/assertion';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { httpRequest, timed } from './http';
import { report, summarise } from './stats';

const base = 'https://bench.example';

function noisePng(bytes: number): Buffer {
  const side = Math.ceil(Math.sqrt(bytes / 4));
  const png = new PNG({ width: side, height: side });
  png.data.set(randomBytes(png.data.length));
  return PNG.sync.write(png);
}

async function awardDomainPerSecond(): Promise<number> {
  const key = generateLocalKey();
  const signer = localEd25519Signer(key.privateKeyPem, verificationMethodId(`${base}/issuers/x/profile`, key.publicKeyMultibase));
  const loader = createDocumentLoader();
  const image = noisePng(20 * 1024);
  const once = async (i: number) => {
    const salt = randomBytes(16).toString('hex');
    const email = `learner${i}@example.org`;
    const assertion = assertionV2({ awardId: `a${i}`, badgeClassUrl: `${base}/badge-classes/c/versions/1`, email, salt, issuedOn: new Date().toISOString(), evidence: [] }, base);
    const credential = await signCredential(
      buildOpenBadgeCredential({
        id: `${base}/badges/a${i}/credential`,
        issuer: { id: `${base}/issuers/x/profile`, name: 'Central Library', url: 'https://library.example.org' },
        achievement: {
          id: `${base}/badge-classes/c/versions/1`,
          name: 'Code Club',
          description: 'Came to code club.',
          criteria: { narrative: 'Four sessions.' },
          image: { id: `${base}/badge-classes/c/versions/1/image` },
          alignment: [{ targetName: 'Coding', targetUrl: `${base}/skills/coding`, targetFramework: 'Spine', targetCode: 'coding' }],
        },
        recipient: { email, salt },
        validFrom: new Date().toISOString(),
        status: { statusListCredential: `${base}/status-lists/revocation`, statusListIndex: i },
      }),
      signer,
      loader,
    );
    bakePng(image, { openbadges: JSON.stringify(assertion), openbadgecredential: JSON.stringify(credential) }, { verifyCrc: false });
  };
  for (let i = 0; i < 50; i++) await once(i);
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 2000) await once(count++);
  return count / ((performance.now() - started) / 1000);
}

export async function benchAwards(): Promise<boolean> {
  let allMet = true;
  const domain = await awardDomainPerSecond();
  allMet = report('award, domain part (one core)', `${domain.toFixed(0)} awards/s`, '>= 1,500/s', domain >= 1500) && allMet;

  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN' } });
  const key = /Provider central-library\s+(col_\S+)/.exec(city.output())![1]!;
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  try {
    const created = await httpRequest(`${city.url}/badge-classes`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Bench badge', description: 'x', criteria: { narrative: 'y' }, alignments: [{ skillId: 'coding' }] }),
    });
    const classId = (JSON.parse(created.body) as { id: string }).id;
    const award = () =>
      httpRequest(`${city.url}/badge-classes/${classId}/awards`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ recipient: { email: `l${randomBytes(4).toString('hex')}@example.org` } }),
      });
    await timed(20, award);
    // Two at a time: the machine has two cores.
    const started = performance.now();
    const total = 200;
    let issued = 0;
    await Promise.all([0, 1].map(async () => {
      while (issued < total) {
        issued++;
        const { status } = await award();
        if (status !== 201) throw new Error(`award answered ${status}`);
      }
    }));
    const e2e = total / ((performance.now() - started) / 1000);
    allMet = report('award, end to end on the local city', `${e2e.toFixed(0)} awards/s`, '>= 150/s', e2e >= 150) && allMet;

    const { body } = await award();
    const awardId = (JSON.parse(body) as { id: string }).id;
    const getItem = () => db.send(new GetCommand({ TableName: 'city-demo', Key: { pk: `AWARD#${awardId}`, sk: 'AWARD' } }));
    for (const [label, accept] of [['JSON', 'application/ld+json'], ['HTML', 'text/html']] as const) {
      const url = `${city.url}/badges/${awardId}`;
      await timed(200, () => httpRequest(url, { headers: { accept } }));
      await timed(200, getItem);
      const api: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < 2000; i++) {
        api.push(...(await timed(1, () => httpRequest(url, { headers: { accept } }))));
        bare.push(...(await timed(1, getItem)));
      }
      const a = summarise(api);
      const b = summarise(bare);
      console.log(`        GET /badges/{id} ${label}: p50 ${a.p50.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms; bare GetItem p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms`);
      allMet = report(`GET /badges/{id} ${label} p50 / GetItem p50`, `${(a.p50 / b.p50).toFixed(2)}x`, '<= 1.3x', a.p50 / b.p50 <= 1.3) && allMet;
      allMet = report(`GET /badges/{id} ${label} p99 / GetItem p99`, `${(a.p99 / b.p99).toFixed(2)}x`, '<= 2x', a.p99 / b.p99 <= 2) && allMet;
    }
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return allMet;
}

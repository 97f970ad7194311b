// Baking a badge PNG, as done once per award: bakes per second for a 20 KB image (random noise, so it
// does not compress away) with a 2 KB OB 2.0 assertion and a 4 KB OB 3.0 credential, input CRCs checked
// (the default). Beside it, without that check, and unbakes per second. Pure CPU: nothing else in the loop.
import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import { bakePng, unbakePng } from '../functions/domain/baking';
import { report } from './stats';

const TARGET = 20_000;
const WARMUP_MS = 500;
const RUN_MS = 2000;

function noisePng(bytes: number): Buffer {
  const side = Math.round(Math.sqrt(bytes / 4));
  const png = new PNG({ width: side, height: side });
  png.data = randomBytes(side * side * 4);
  return PNG.sync.write(png);
}

/** `value` as JSON of about `bytes` bytes, padded in its `narrative`. */
function jsonOfSize(value: Record<string, unknown>, bytes: number): string {
  const bare = JSON.stringify({ ...value, narrative: '' });
  return JSON.stringify({ ...value, narrative: 'Shown in a city workshop, reviewed by a mentor. '.repeat(100).slice(0, Math.max(0, bytes - bare.length)) });
}

const assertion = jsonOfSize(
  {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://demo.citiesoflearning.example/assertions/5f0c6f3e-8f7a-4d2b-9c1e-2a7b3c4d5e6f',
    recipient: { type: 'email', hashed: true, salt: 'f3a9c1', identity: `sha256$${'ab'.repeat(32)}` },
    badge: 'https://demo.citiesoflearning.example/badges/coding-level-2',
    verification: { type: 'hosted' },
    issuedOn: '2026-05-01T10:00:00Z',
    evidence: [{ id: 'https://demo.citiesoflearning.example/evidence/123', narrative: 'Built a bike-sharing map for the city.' }],
  },
  2048,
);

const credential = jsonOfSize(
  {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'https://demo.citiesoflearning.example/credentials/5f0c6f3e-8f7a-4d2b-9c1e-2a7b3c4d5e6f',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://demo.citiesoflearning.example/issuers/library', type: ['Profile'], name: 'City Library' },
    validFrom: '2026-05-01T10:00:00Z',
    name: 'Coding, level 2',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: `sha256$${'cd'.repeat(32)}`, identityType: 'emailAddress', hashed: true, salt: 'f3a9c1' }],
      achievement: {
        id: 'https://demo.citiesoflearning.example/badges/coding-level-2',
        type: ['Achievement'],
        name: 'Coding, level 2',
        description: 'Writes small programs that solve a real problem, and explains them.',
        criteria: { narrative: 'Completed two projects at a city venue and presented one.' },
        image: { id: 'https://demo.citiesoflearning.example/badges/coding-level-2/image.png', type: 'Image' },
        alignment: [{ type: ['Alignment'], targetName: 'Coding', targetUrl: 'https://demo.citiesoflearning.example/skills/coding', targetCode: 'coding' }],
      },
    },
    credentialSchema: [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }],
    proof: [
      {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        created: '2026-05-01T10:00:01Z',
        verificationMethod: 'https://demo.citiesoflearning.example/issuers/library#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi',
        proofPurpose: 'assertionMethod',
        proofValue: `z${'5'.repeat(87)}`,
      },
    ],
  },
  4096,
);

/** Runs of `run` per second, after a warm-up, over about RUN_MS. */
function perSecond(run: () => number): number {
  let sink = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) sink += run();
  let runs = 0;
  let elapsed = 0;
  const start = performance.now();
  do {
    for (let i = 0; i < 200; i++) sink += run();
    runs += 200;
    elapsed = performance.now() - start;
  } while (elapsed < RUN_MS);
  // Using the results keeps the work from being optimised away.
  if (sink < 0) console.log(sink);
  return runs / (elapsed / 1000);
}

const rate = (perSec: number) => `${Math.round(perSec).toLocaleString('en-US')}/s`;

export async function benchBake(): Promise<boolean> {
  const image = noisePng(20_000);
  const payloads = { openbadges: assertion, openbadgecredential: credential };
  const baked = bakePng(image, payloads);
  const bakes = perSecond(() => bakePng(image, payloads).length);
  const unchecked = perSecond(() => bakePng(image, payloads, { verifyCrc: false }).length);
  const unbakes = perSecond(() => unbakePng(baked).openbadgecredential!.length);
  console.log(
    `        ${image.length.toLocaleString('en-US')} B PNG + ${assertion.length} B assertion + ${credential.length} B credential: ` +
      `bake without input CRC check ${rate(unchecked)}; unbake ${rate(unbakes)}`,
  );
  return report('PNG bakes per second (20 KB, 2 + 4 KB payloads)', rate(bakes), `>= ${TARGET.toLocaleString('en-US')}/s`, bakes >= TARGET);
}

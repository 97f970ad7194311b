// OB 3.0 credential signing on one core: build + sign (eddsa-rdfc-2022, local Ed25519 key) one award
// after another, as an award Lambda does, on our compiled path and on the reference stack
// (@digitalbazaar/vc issue() with data-integrity + jsonld, which is `signGeneric`), alternating in
// rounds on the same inputs so that both see the same machine. Every credential our path signs is
// verified by the reference verifier. The time inside the signer is timed on its own.
import { buildControllerDocument, controllerDocumentResolver, verificationMethodId } from '../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../functions/domain/credentials/open-badge-credential';
import type { OpenBadgeCredentialInput } from '../functions/domain/credentials/open-badge-credential';
import { signCredential, signGeneric } from '../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer } from '../functions/domain/credentials/signer';
import type { Signer } from '../functions/domain/credentials/signer';
import { verifyCredential } from '../functions/domain/credentials/verify';
import { report } from './stats';

const WARMUP = 100;
const ROUNDS = 5;
const PER_ROUND = 200;
const RATIO_TARGET = 5;

const ISSUER = 'https://bench.example/issuer';

const award = (n: number): OpenBadgeCredentialInput => ({
  id: `https://bench.example/awards/${n}`,
  issuer: { id: ISSUER, name: 'Bench City of Learning', url: 'https://bench.example', email: 'badges@bench.example' },
  achievement: {
    id: 'https://bench.example/badges/coding-club',
    name: 'Coding Club',
    description: 'Took part in ten sessions of the library coding club.',
    criteria: { narrative: 'Attend ten sessions and ship one project.' },
    image: { id: 'https://bench.example/badges/coding-club/image.png' },
    alignment: [
      { targetName: 'Coding', targetUrl: 'https://bench.example/skills/coding', targetFramework: 'Bench Skills Spine', targetCode: 'coding' },
      { targetName: 'Teamwork', targetUrl: 'https://bench.example/skills/teamwork', targetFramework: 'Bench Skills Spine', targetCode: 'teamwork' },
    ],
  },
  recipient: { email: `learner${n}@bench.example`, salt: `salt-${n}-0123456789` },
  validFrom: new Date().toISOString(),
  status: { statusListCredential: 'https://bench.example/status/revocation/1', statusListIndex: n },
});

type Sign = typeof signCredential;

export async function benchSign(): Promise<boolean> {
  const key = generateLocalKey();
  const loader = createDocumentLoader({ resolve: controllerDocumentResolver(buildControllerDocument(ISSUER, key.publicKeyMultibase)) });
  const local = localEd25519Signer(key.privateKeyPem, verificationMethodId(ISSUER, key.publicKeyMultibase));
  let cryptoMs = 0;
  const timed: Signer = {
    ...local,
    sign: async (input) => {
      const t = performance.now();
      const signature = await local.sign(input);
      cryptoMs += performance.now() - t;
      return signature;
    },
  };
  const run = async (sign: Sign, from: number, count: number) => {
    const signed = [];
    const start = performance.now();
    for (let n = from; n < from + count; n++) signed.push(await sign(buildOpenBadgeCredential(award(n)), timed, loader));
    return { ms: performance.now() - start, signed };
  };

  await run(signCredential, 0, WARMUP);
  await run(signGeneric, 0, WARMUP);
  let oursMs = 0;
  let oursCryptoMs = 0;
  let referenceMs = 0;
  const ours = [];
  for (let round = 0; round < ROUNDS; round++) {
    cryptoMs = 0;
    const fast = await run(signCredential, round * PER_ROUND, PER_ROUND);
    oursMs += fast.ms;
    oursCryptoMs += cryptoMs;
    ours.push(...fast.signed);
    referenceMs += (await run(signGeneric, round * PER_ROUND, PER_ROUND)).ms;
  }
  const n = ROUNDS * PER_ROUND;
  const oursPerSecond = (1000 * n) / oursMs;
  const referencePerSecond = (1000 * n) / referenceMs;

  const checkStatus = async () => ({ passed: true, detail: 'not revoked' });
  const verifyStart = performance.now();
  for (const credential of ours) {
    if (!(await verifyCredential(credential, loader, { checkStatus })).verified) throw new Error(`${credential.id} did not verify`);
  }
  const verifyMs = (performance.now() - verifyStart) / ours.length;

  console.log(
    `        build + sign, ours: ${(oursMs / n).toFixed(3)} ms per credential (Ed25519 ${(oursCryptoMs / n).toFixed(3)} ms of it); ` +
      `reference stack: ${(referenceMs / n).toFixed(2)} ms (n=${n} each, alternating rounds, one core)`,
  );
  console.log(`        every credential ours signed verified with @digitalbazaar/vc: ${verifyMs.toFixed(2)} ms each, ${(1000 / verifyMs).toFixed(0)}/s (no target)`);
  const ratio = oursPerSecond / referencePerSecond;
  return report(
    'OB 3.0 signing, one core: ours / reference',
    `${oursPerSecond.toFixed(0)}/s vs ${referencePerSecond.toFixed(0)}/s = ${ratio.toFixed(1)}x`,
    `>= ${RATIO_TARGET}x the reference stack`,
    ratio >= RATIO_TARGET,
  );
}

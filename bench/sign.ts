// OB 3.0 credential signing on one core: build + sign (eddsa-rdfc-2022, local Ed25519 key) one award
// after another, as an award Lambda does, and verification beside it. The time inside the signer is
// timed on its own; the rest is building, JSON-LD expansion to RDF, RDFC-1.0 canonicalisation and
// hashing (expansion is most of it).
import { buildControllerDocument, controllerDocumentResolver, verificationMethodId } from '../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../functions/domain/credentials/open-badge-credential';
import type { OpenBadgeCredentialInput } from '../functions/domain/credentials/open-badge-credential';
import { signCredential } from '../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer } from '../functions/domain/credentials/signer';
import type { Signer } from '../functions/domain/credentials/signer';
import { verifyCredential } from '../functions/domain/credentials/verify';
import { report } from './stats';

const WARMUP = 100;
const AWARDS = 1000;
const AWARDS_PER_SECOND_TARGET = 1500;

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

  for (let n = 0; n < WARMUP; n++) await signCredential(buildOpenBadgeCredential(award(n)), timed, loader);
  cryptoMs = 0;
  const signed = [];
  const start = performance.now();
  for (let n = 0; n < AWARDS; n++) signed.push(await signCredential(buildOpenBadgeCredential(award(n)), timed, loader));
  const signMs = (performance.now() - start) / AWARDS;
  const perSecond = 1000 / signMs;
  cryptoMs /= AWARDS;

  const checkStatus = async () => ({ passed: true, detail: 'not revoked' });
  const verifyStart = performance.now();
  for (const credential of signed) {
    if (!(await verifyCredential(credential, loader, { checkStatus })).verified) throw new Error(`${credential.id} did not verify`);
  }
  const verifyMs = (performance.now() - verifyStart) / AWARDS;

  console.log(
    `        build + sign: ${signMs.toFixed(2)} ms per credential, of which Ed25519 ${cryptoMs.toFixed(3)} ms and ` +
      `the rest (build, JSON-LD to RDF, canonicalisation, hashing) ${(signMs - cryptoMs).toFixed(2)} ms (n=${AWARDS}, one core)`,
  );
  console.log(`        verify: ${verifyMs.toFixed(2)} ms per credential, ${(1000 / verifyMs).toFixed(0)} verifications/s (no target)`);
  console.log('        (signing is one share of an award: baking and the OB 2.0 assertion come on top of this figure)');
  return report(
    'OB 3.0 signing, one core (signing share only)',
    `${perSecond.toFixed(0)} credentials/s`,
    '>= 1,500 awards/s (domain part, whole award incl. baking and the OB 2.0 assertion)',
    perSecond >= AWARDS_PER_SECOND_TARGET,
  );
}

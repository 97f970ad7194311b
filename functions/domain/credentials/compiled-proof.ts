// The eddsa-rdfc-2022 proof of an OpenBadgeCredential from our builder, without generic JSON-LD: the
// credential and the proof options become quads through shapes compiled once per document loader
// (rdf-shape.ts), then the steps the cryptosuite takes: RDFC-1.0 canonicalisation (rdf-canonize, the
// same library and options jsonld uses), sha256(canonical proof options) ‖ sha256(canonical
// credential), Ed25519. Any credential not of the compiled shape answers undefined, and the caller
// signs it the generic way.
import { createHash } from 'node:crypto';
import { _checkCredential } from '@digitalbazaar/vc';
import { canonize } from 'rdf-canonize';
import type { DocumentLoader } from './document-loader';
import { base58btc } from './multikey';
import { buildOpenBadgeCredential } from './open-badge-credential';
import { compileShape, toQuads } from './rdf-shape';
import type { CompiledShape, Quad } from './rdf-shape';
import type { EmbeddedProof } from './sign';
import type { Signer } from './signer';

// Every optional field present and every value distinct, so that the compiler can pair each field
// with its expansion. `.invalid` names nothing (RFC 6761).
const TEMPLATE = buildOpenBadgeCredential({
  id: 'https://template.invalid/credential',
  issuer: {
    id: 'https://template.invalid/issuer',
    name: 'issuer name',
    url: 'https://template.invalid/issuer-url',
    email: 'issuer@template.invalid',
    description: 'issuer description',
    image: 'https://template.invalid/issuer-image',
  },
  achievement: {
    id: 'https://template.invalid/achievement',
    name: 'achievement name',
    description: 'achievement description',
    criteria: { id: 'https://template.invalid/criteria', narrative: 'criteria narrative' },
    image: { id: 'https://template.invalid/achievement-image', caption: 'image caption' },
    alignment: [
      {
        targetName: 'target name',
        targetUrl: 'https://template.invalid/target',
        targetDescription: 'target description',
        targetFramework: 'target framework',
        targetCode: 'target code',
      },
    ],
    tag: ['tag one', 'tag two'],
  },
  recipient: { email: 'recipient@template.invalid', salt: 'template salt' },
  narrative: 'subject narrative',
  validFrom: '2000-01-01T00:00:00Z',
  validUntil: '2100-01-01T00:00:00Z',
  evidence: [{ id: 'https://template.invalid/evidence', name: 'evidence name', description: 'evidence description', narrative: 'evidence narrative' }],
  status: { statusListCredential: 'https://template.invalid/status-list', statusListIndex: 7 },
});

type ProofOptions = Omit<EmbeddedProof, 'proofValue'>;

const PROOF_TEMPLATE: ProofOptions = {
  type: 'DataIntegrityProof',
  created: '2000-01-01T00:00:00Z',
  verificationMethod: 'https://template.invalid/issuer#key',
  cryptosuite: 'eddsa-rdfc-2022',
  proofPurpose: 'assertionMethod',
};

interface Shapes {
  credential: CompiledShape;
  /** The proof options with the credential's @context, as the cryptosuite canonicalises them. */
  proofOptions: CompiledShape;
}

// One compilation per loader: the loader decides what the contexts say.
const compiled = new WeakMap<DocumentLoader, Promise<Shapes>>();

function shapesFor(loader: DocumentLoader): Promise<Shapes> {
  let shapes = compiled.get(loader);
  if (!shapes) {
    shapes = Promise.all([
      compileShape(TEMPLATE, loader),
      compileShape({ '@context': TEMPLATE['@context'], ...PROOF_TEMPLATE }, loader),
    ]).then(([credential, proofOptions]) => ({ credential, proofOptions }));
    compiled.set(loader, shapes);
  }
  return shapes;
}

// The options eddsa-rdfc-2022's canonize() hands rdf-canonize.
const canonical = (quads: Quad[]) => canonize(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });

/** The credential's canonical N-Quads (RDFC-1.0), or undefined when it is not of the compiled shape. */
export async function compiledCanonicalForm(credential: object, loader: DocumentLoader): Promise<string | undefined> {
  const quads = toQuads((await shapesFor(loader)).credential, credential);
  return quads && canonical(quads);
}

/**
 * The proof that @digitalbazaar/vc's issue() with DataIntegrityProof(eddsa-rdfc-2022) would add, or
 * undefined when the credential or the signer is not one this path knows. `created` is now.
 */
export async function compiledProof(credential: object, signer: Signer, loader: DocumentLoader): Promise<EmbeddedProof | undefined> {
  if (signer.algorithm !== 'Ed25519') return undefined;
  const shapes = await shapesFor(loader);
  const documentQuads = toQuads(shapes.credential, credential);
  if (!documentQuads) return undefined;
  // What issue() checks before it signs, so that this path refuses what the library refuses.
  _checkCredential({ credential, mode: 'issue' });
  const options: ProofOptions = { ...PROOF_TEMPLATE, created: w3cDate(new Date()), verificationMethod: signer.id };
  const optionQuads = toQuads(shapes.proofOptions, { '@context': (credential as { '@context': unknown })['@context'], ...options });
  if (!optionQuads) return undefined;
  const [optionsForm, documentForm] = await Promise.all([canonical(optionQuads), canonical(documentQuads)]);
  const data = Buffer.concat([sha256(optionsForm), sha256(documentForm)]);
  const signature = await signer.sign({ data });
  return { ...options, proofValue: `z${base58btc(signature)}` };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

// As Data Integrity writes `created`: whole seconds, UTC.
const w3cDate = (date: Date) => `${date.toISOString().slice(0, -5)}Z`;

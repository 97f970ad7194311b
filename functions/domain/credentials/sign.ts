// Signing: an embedded Data Integrity proof, cryptosuite eddsa-rdfc-2022 (RDF canonicalisation, then
// Ed25519), the proof form Open Badges 3.0 validators check. Our OpenBadgeCredentials take the compiled
// path (compiled-proof.ts, the same proof without generic JSON-LD expansion); anything else is signed
// by @digitalbazaar/vc itself.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issue } from '@digitalbazaar/vc';
import { compiledProof } from './compiled-proof';
import type { DocumentLoader } from './document-loader';
import type { Signer } from './signer';

export interface EmbeddedProof {
  type: 'DataIntegrityProof';
  created: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

/** The 1EdTech JSON Schema wants `proof` as an array, where the library writes one object. */
export type SignedCredential<T> = T & { proof: EmbeddedProof[] };

/** `created` is now. The loader must serve every context the credential names. */
export async function signCredential<T extends object>(credential: T, signer: Signer, loader: DocumentLoader): Promise<SignedCredential<T>> {
  if ('proof' in credential) throw new Error('The credential already has a proof');
  const proof = await compiledProof(credential, signer, loader);
  if (proof) return { ...credential, proof: [proof] };
  return signGeneric(credential, signer, loader);
}

/** The reference path: @digitalbazaar/vc's issue(), for any credential. */
export async function signGeneric<T extends object>(credential: T, signer: Signer, loader: DocumentLoader): Promise<SignedCredential<T>> {
  const suite = new DataIntegrityProof({ signer, cryptosuite });
  // issue() adds the proof to the object it is given: a shallow copy leaves the caller's alone.
  const { proof, ...signed } = await issue({ credential: { ...credential }, suite, documentLoader: loader });
  // The proof is not part of what is signed, so wrapping it leaves the signature valid.
  return { ...signed, proof: [proof] } as SignedCredential<T>;
}

// Types for the parts of the Digital Bazaar Verifiable Credential libraries that we use; they ship
// JavaScript only. Kept to what our code and tests call.

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  /** The suite's canonicalise / create-verifier functions, opaque to us. */
  export interface Cryptosuite {
    name: string;
    requiredAlgorithm: string;
  }
  export const cryptosuite: Cryptosuite;
}

declare module '@digitalbazaar/data-integrity' {
  import type { Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

  export class DataIntegrityProof {
    constructor(options: {
      cryptosuite: Cryptosuite;
      /** Needed to sign, not to verify. */
      signer?: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    });
  }
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  /** The Ed25519Signature2020 suite (VC 1.1-era proofs); verifying needs no options. */
  export class Ed25519Signature2020 {
    constructor();
  }
}

declare module '@digitalbazaar/vc' {
  import type { DataIntegrityProof } from '@digitalbazaar/data-integrity';
  import type { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';

  type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>;

  /** The checks issue() runs before it signs (mode 'issue'); throws when the credential fails one. */
  export function _checkCredential(options: { credential: object; mode: 'issue' | 'verify'; now?: Date }): void;

  /** Adds `proof` to the very object it is given (mutating it), and returns that object. */
  export function issue(options: { credential: object; suite: DataIntegrityProof; documentLoader: DocumentLoader }): Promise<Record<string, unknown>>;

  export interface VerifyCredentialResult {
    verified: boolean;
    /** One per proof the suites matched. */
    results?: { verified: boolean; proof: { type?: string } }[];
    /** A VerificationError carries the underlying errors in `errors`. */
    error?: Error & { errors?: Error[] };
  }

  export function verifyCredential(options: {
    credential: object;
    suite: DataIntegrityProof | (DataIntegrityProof | Ed25519Signature2020)[];
    documentLoader: DocumentLoader;
    /** Required by the library when the credential has `credentialStatus`. */
    checkStatus?: (options: { credential: object }) => Promise<{ verified: boolean }>;
    /** The time the validity period is checked against; now when left out. */
    now?: Date | string;
  }): Promise<VerifyCredentialResult>;
}

declare module '@digitalbazaar/ed25519-multikey' {
  /** Used by the tests as the reference encoding of a public key. */
  export function generate(options?: { seed?: Uint8Array }): Promise<{ publicKeyMultibase: string }>;
  /** A key pair from its Multikey form (a did:key's fingerprint is its publicKeyMultibase); throws on anything but Ed25519. */
  export function from(key: { publicKeyMultibase: string; type?: 'Multikey' }): Promise<{ publicKey: Uint8Array }>;
  export function toJwk(options: { keyPair: { publicKey: Uint8Array } }): Promise<{ kty: 'OKP'; crv: 'Ed25519'; x: string }>;
}

declare module 'rdf-canonize' {
  /** RDF Dataset Canonicalization: the canonical N-Quads of a dataset of RDF/JS-style quads. */
  export function canonize(dataset: object[], options: { algorithm: 'RDFC-1.0'; format?: 'application/n-quads' }): Promise<string>;
}

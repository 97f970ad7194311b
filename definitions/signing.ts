// The city's Ed25519 signing keys (`signing.keys` in the city config): KMS keys in AWS (the private
// keys never leave KMS), PEMs in the local city's data folder. One key is active and signs everything
// new; kept keys sign nothing but stay published in every issuer profile, so that what they signed
// keeps verifying; a compromised key is neither used nor published (docs/operations.md, "Signing key
// suspected compromised"). A signing function's environment names the active key and the kept ones.
import type { CityConfig } from './city-config';

/** The active key: its KMS key ARN in AWS, its PKCS#8 PEM locally. */
export const SIGNING_KEY_ID_ENV = 'SIGNING_KEY_ID';
export const SIGNING_KEY_PEM_ENV = 'SIGNING_KEY_PEM';
/** The kept keys, comma-separated: KMS key ARNs in AWS (their public keys are read from KMS). */
export const KEPT_SIGNING_KEY_IDS_ENV = 'KEPT_SIGNING_KEY_IDS';
/** The kept keys locally, comma-separated: their Multikey public keys, all a function needs of a key it never signs with. */
export const KEPT_SIGNING_PUBLIC_KEYS_ENV = 'KEPT_SIGNING_PUBLIC_KEYS';

export type SigningKeyEntry = CityConfig['signing']['keys'][number];

/** What each listed key is for: the one that signs, those still published, those retired as compromised. */
export interface SigningKeyRoles {
  active: string;
  kept: string[];
  compromised: string[];
}

/** The city config guarantees exactly one active key. */
export function signingKeyRoles(keys: readonly SigningKeyEntry[]): SigningKeyRoles {
  const ids = (status: SigningKeyEntry['status']) => keys.filter((key) => key.status === status).map((key) => key.id);
  const [active, ...others] = ids('active');
  if (active === undefined || others.length > 0) throw new Error('signing.keys must list exactly one active key');
  return { active, kept: ids('kept'), compromised: ids('compromised') };
}

// The local city's secrets, made on first start and kept in .local/<city>/secrets.json (git-ignored):
// the city's secret (Secrets Manager's job in AWS), the signing key (KMS's) and the demo keys, so that `npm start` can print
// keys that keep working across restarts. In AWS nothing keeps a key's secret once it is shown.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCityKeyring, rotateCityKeyring, serializeCityKeyring } from '../functions/domain/city-keys';
import { generateLocalKey, localPublicKeyMultibase } from '../functions/domain/credentials/signer';
import { signingKeyRoles, type SigningKeyEntry } from '../definitions/signing';

export interface LocalSecrets {
  /**
   * The city's secret, from which every keyed hash, cursor signature and seal takes its own key: a
   * keyring as JSON once rotated (rotateLocalCitySecret), the plain first version before.
   */
  citySecret: string;
  /** The city's Ed25519 signing key k1 (KMS holds it in AWS), where files from before `signing.keys` hold it. */
  signingKeyPem: string;
  /** The later keys of the config's `signing.keys` (k2, k3, …), by id, each made the first time the config lists it. */
  signingKeys?: Record<string, string>;
  keys: Record<string, string>;
  /** Ids of the demo badge classes and award, so that a restart finds them instead of making more. */
  demo: { badgeClassIds: string[]; awardId?: string };
}

/** What files written before the city's secret had its name (and its per-purpose keys) hold. */
interface PepperedSecrets extends Omit<LocalSecrets, 'citySecret'> {
  apiKeyPepper: string;
}

/**
 * Reads the file, adding whatever an older file lacks; the result is saved back. A file from before the
 * per-purpose keys keeps its secret (now the city's secret) but drops its demo keys and demo ids: their
 * hashes were made with the secret itself, so the seed issues and awards them afresh.
 */
export function loadLocalSecrets(file: string, signingKeys: readonly SigningKeyEntry[] = []): LocalSecrets {
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets & PepperedSecrets>) : {};
  const { apiKeyPepper, ...current } = stored;
  const kept: Partial<LocalSecrets> = apiKeyPepper === undefined ? current : { citySecret: apiKeyPepper, signingKeyPem: current.signingKeyPem };
  const secrets: LocalSecrets = {
    citySecret: kept.citySecret ?? randomBytes(32).toString('base64url'),
    signingKeyPem: kept.signingKeyPem ?? generateLocalKey().privateKeyPem,
    ...(kept.signingKeys ? { signingKeys: kept.signingKeys } : {}),
    keys: kept.keys ?? {},
    demo: kept.demo ?? { badgeClassIds: [] },
  };
  for (const { id } of signingKeys) {
    if (id !== 'k1' && !secrets.signingKeys?.[id]) secrets.signingKeys = { ...secrets.signingKeys, [id]: generateLocalKey().privateKeyPem };
  }
  saveLocalSecrets(file, secrets);
  return secrets;
}

/** A listed key's PEM (loadLocalSecrets made it when the config first listed it). */
function signingKeyPem(secrets: LocalSecrets, id: string): string {
  const pem = id === 'k1' ? secrets.signingKeyPem : secrets.signingKeys?.[id];
  if (!pem) throw new Error(`The local city has no signing key ${id}: load its secrets with the config's signing.keys`);
  return pem;
}

/** What the local city's signing functions are given, as KMS's keys are bound in AWS: the active key, and the kept keys' public halves. */
export function localSigningKeys(secrets: LocalSecrets, keys: readonly SigningKeyEntry[]): { signingKeyPem: string; keptSigningPublicKeys: string[] } {
  const roles = signingKeyRoles(keys);
  return { signingKeyPem: signingKeyPem(secrets, roles.active), keptSigningPublicKeys: roles.kept.map((id) => localPublicKeyMultibase(signingKeyPem(secrets, id))) };
}

export function saveLocalSecrets(file: string, secrets: LocalSecrets): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

/**
 * What Secrets Manager's rotation does in AWS (functions/city-secret/service.ts): one new version added
 * to the keyring, every older one kept. The local city reads it when it starts (so the command runs
 * while it is stopped). Returns the new current version.
 */
export function rotateLocalCitySecret(file: string): string {
  const secrets = loadLocalSecrets(file);
  const next = rotateCityKeyring(parseCityKeyring(secrets.citySecret), randomBytes(32).toString('base64url'));
  saveLocalSecrets(file, { ...secrets, citySecret: serializeCityKeyring(next) });
  return String(Object.keys(next.versions).length);
}

// The local city's secrets, made on first start and kept in .local/<city>/secrets.json (git-ignored):
// the city's secret (Secrets Manager's job in AWS), the signing key (KMS's) and the demo keys, so that `npm start` can print
// keys that keep working across restarts. In AWS nothing keeps a key's secret once it is shown.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCityKeyring, rotateCityKeyring, serializeCityKeyring } from '../functions/domain/city-keys';
import { generateLocalKey } from '../functions/domain/credentials/signer';

export interface LocalSecrets {
  /**
   * The city's secret, from which every keyed hash, cursor signature and seal takes its own key: a
   * keyring as JSON once rotated (rotateLocalCitySecret), the plain first version before.
   */
  citySecret: string;
  /** The city's Ed25519 signing key (KMS holds it in AWS). */
  signingKeyPem: string;
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
export function loadLocalSecrets(file: string): LocalSecrets {
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets & PepperedSecrets>) : {};
  const { apiKeyPepper, ...current } = stored;
  const kept: Partial<LocalSecrets> = apiKeyPepper === undefined ? current : { citySecret: apiKeyPepper, signingKeyPem: current.signingKeyPem };
  const secrets: LocalSecrets = {
    citySecret: kept.citySecret ?? randomBytes(32).toString('base64url'),
    signingKeyPem: kept.signingKeyPem ?? generateLocalKey().privateKeyPem,
    keys: kept.keys ?? {},
    demo: kept.demo ?? { badgeClassIds: [] },
  };
  saveLocalSecrets(file, secrets);
  return secrets;
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

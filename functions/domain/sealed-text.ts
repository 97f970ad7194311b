// Personal data the platform must keep but never publish (a learner's name, for the provider's own
// records) is stored sealed: AES-256-GCM under the city's key for sealed names (functions/domain/city-keys.ts),
// bound to the record it belongs to, so a copied ciphertext opens nowhere else. Sealed text names the
// version of the key that sealed it, so it still opens after the city's secret is rotated.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { splitKeyId, tagWithKeyId, type VersionedKeys } from './city-keys';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals with the current key. `boundTo` (e.g. the record's id) must be given again to open it. */
export function seal(text: string, keys: Pick<VersionedKeys, 'current'>, boundTo: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv).setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return tagWithKeyId(keys.current.id, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'));
}

/** The version of the key that sealed `sealed`. */
export const sealedKeyId = (sealed: string): string => splitKeyId(sealed).id;

/** Throws when the sealed text was altered, or belongs to another record or key. */
export function open(sealed: string, keys: Pick<VersionedKeys, 'get'>, boundTo: string): string {
  const { id, value } = splitKeyId(sealed);
  const key = keys.get(id);
  if (!key) throw new Error(`Sealed text names key version ${id}, which the city's keyring does not hold`);
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed text is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

// One key per purpose, derived from the city's secret with HKDF-SHA256 (RFC 5869): a key that leaks, or
// a value computed for one purpose, is no help for any other. Pure: the secret is passed in.
import { hkdfSync } from 'node:crypto';

/**
 * What each key is for. The purpose is HKDF's `info`, so renaming one changes its key: every value
 * already made with it (stored hashes, ids, sealed text, cursors in flight) would stop matching.
 */
export const CITY_KEY_PURPOSES = ['api-key-hashes', 'cursor-signatures', 'sealed-names', 'recipient-keys', 'import-award-ids', 'idempotent-award-ids', 'milestone-award-ids'] as const;
export type CityKeyPurpose = (typeof CITY_KEY_PURPOSES)[number];

const SALT = 'cities-of-learning/city-secret';

export function deriveCityKey(secret: string, purpose: CityKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
}

// One key per purpose, derived from the city's secret with HKDF-SHA256 (RFC 5869): a key that leaks, or
// a value computed for one purpose, is no help for any other. The secret is a keyring of numbered
// versions, so that it can be rotated without losing anything: see docs/operations.md, "Rotate the
// city secret". Pure: the secret is passed in.
import { hkdfSync } from 'node:crypto';
import * as z from 'zod/mini';

/**
 * Keys of values that are looked up or recomputed, never just checked: a learner's recipient key finds
 * their badges, and derived award ids make a retried import row or Idempotency-Key land on the award it
 * made before. A new key would give new values for the same input, so these derive from the original
 * version of the secret (ORIGINAL_KEY_ID) forever.
 */
export const PINNED_PURPOSES = ['recipient-keys', 'import-award-ids', 'idempotent-award-ids', 'milestone-award-ids', 'session-csrf', 'guardian-links', 'mail-links', 'claim-codes', 'claim-award-ids', 'wallet-nonces'] as const;
/** Keys of values that carry the id of the version that made them: new ones use the current version. */
export const ROTATING_PURPOSES = ['api-key-hashes', 'cursor-signatures', 'sealed-names', 'sealed-addresses', 'mail-addresses'] as const;

/**
 * What each key is for. The purpose is HKDF's `info`, so renaming one changes its key: every value
 * already made with it (stored hashes, ids, sealed text, cursors in flight) would stop matching.
 */
export const CITY_KEY_PURPOSES = [...ROTATING_PURPOSES, ...PINNED_PURPOSES] as const;
export type CityKeyPurpose = (typeof CITY_KEY_PURPOSES)[number];
export type PinnedPurpose = (typeof PINNED_PURPOSES)[number];
export type RotatingPurpose = (typeof ROTATING_PURPOSES)[number];

const SALT = 'cities-of-learning/city-secret';

export function deriveCityKey(secret: string, purpose: CityKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
}

/** The version a city's first secret has; values that name no version were made with it. */
export const ORIGINAL_KEY_ID = '1';

/**
 * The city's secret as stored (Secrets Manager's SecretString, or `citySecret` locally): every version
 * ever made, by number; the highest is current. No version is ever removed: API key hashes and sealed
 * names at rest name the version they were made with, and the pinned purposes need the first.
 */
export const CityKeyringSchema = z
  .object({ versions: z.record(z.string().check(z.regex(/^[1-9]\d*$/)), z.string().check(z.minLength(1))) })
  .check(z.refine((ring) => ORIGINAL_KEY_ID in ring.versions, { message: `the keyring has lost version ${ORIGINAL_KEY_ID}, which the pinned purposes need` }));
export type CityKeyring = z.infer<typeof CityKeyringSchema>;

/**
 * Reads a stored secret. A value that is not JSON is a secret from before the keyring (every city's
 * first secret is a random string of letters and digits): it is version 1, so nothing made with it changes.
 */
export function parseCityKeyring(stored: string): CityKeyring {
  return stored.startsWith('{') ? CityKeyringSchema.parse(JSON.parse(stored)) : { versions: { [ORIGINAL_KEY_ID]: stored } };
}

export const serializeCityKeyring = (ring: CityKeyring): string => JSON.stringify(CityKeyringSchema.parse(ring));

const versionIds = (ring: CityKeyring) => Object.keys(ring.versions).sort((a, b) => Number(a) - Number(b));

export const currentKeyId = (ring: CityKeyring): string => versionIds(ring).at(-1)!;

/** The ring with one new version, `secret`, which becomes current; every older one stays. */
export function rotateCityKeyring(ring: CityKeyring, secret: string): CityKeyring {
  return CityKeyringSchema.parse({ versions: { ...ring.versions, [String(Number(currentKeyId(ring)) + 1)]: secret } });
}

/**
 * Which versions a purpose still accepts. Cursors live for one walk through a list, so two are plenty
 * (a walk that spans a rotation goes on), and a leaked older version cannot forge them for ever.
 * Hashes and seals are data at rest: every version.
 */
const ACCEPTED: Record<RotatingPurpose, 'every' | 'current-and-previous'> = {
  'api-key-hashes': 'every',
  'sealed-names': 'every',
  'sealed-addresses': 'every',
  'mail-addresses': 'every',
  'cursor-signatures': 'current-and-previous',
};

/** A rotating purpose's keys: `current` makes new values, `get` finds the key a stored value names. */
export interface VersionedKeys {
  current: { id: string; key: Buffer };
  get(id: string): Buffer | undefined;
}

export function versionedKeys(ring: CityKeyring, purpose: RotatingPurpose): VersionedKeys {
  const ids = versionIds(ring);
  const accepted = new Set(ACCEPTED[purpose] === 'every' ? ids : ids.slice(-2));
  const keys = new Map<string, Buffer>();
  const get = (id: string) => {
    if (!accepted.has(id)) return undefined;
    let key = keys.get(id);
    if (!key) keys.set(id, (key = deriveCityKey(ring.versions[id]!, purpose)));
    return key;
  };
  const id = currentKeyId(ring);
  return { current: { id, key: get(id)! }, get };
}

export const pinnedKey = (ring: CityKeyring, purpose: PinnedPurpose): Buffer => deriveCityKey(ring.versions[ORIGINAL_KEY_ID]!, purpose);

// A value made with a rotating key is `k<version>.<value>`; one without the tag predates the keyring
// and was made with version 1. No value of ours starts with `k<digit>.`: hex, base64url of JSON
// (`ey…`) and base64url of random bytes never contain a dot.
const TAGGED = /^k([1-9]\d*)\.(.*)$/s;

export const tagWithKeyId = (id: string, value: string): string => `k${id}.${value}`;

/** The version a value names, and the value without its tag. */
export function splitKeyId(tagged: string): { id: string; value: string } {
  const match = TAGGED.exec(tagged);
  return match ? { id: match[1]!, value: match[2]! } : { id: ORIGINAL_KEY_ID, value: tagged };
}

/**
 * Why `next` is not a safe successor of `current` (undefined when it is): it must hold every version
 * of `current` unchanged and exactly one more, the new current. What a rotation's test step checks
 * before the new ring goes live, so that no rotation can ever drop a version.
 */
export function rotationProblem(current: CityKeyring, next: CityKeyring): string | undefined {
  for (const [id, secret] of Object.entries(current.versions)) {
    if (next.versions[id] !== secret) return `version ${id} is missing or changed`;
  }
  const added = Object.keys(next.versions).filter((id) => !(id in current.versions));
  if (added.length !== 1 || added[0] !== currentKeyId(next) || Number(added[0]) !== Number(currentKeyId(current)) + 1) {
    return `expected exactly one new version, ${Number(currentKeyId(current)) + 1}, as the current one; found ${added.join(', ') || 'none'}`;
  }
  if (Object.values(current.versions).includes(next.versions[added[0]!]!)) return 'the new version repeats an old secret';
  return undefined;
}

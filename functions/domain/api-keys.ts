// API keys for providers and city admins: `col_<prefix>_<secret>`. The prefix is public and finds the
// key's record; the secret is shown once and stored only as an HMAC under the city's key for API key
// hashes (derived from the city's secret), so a leaked table does not leak usable keys. The stored hash
// names the version of the key that made it (functions/domain/city-keys.ts), so a key issued before a
// rotation of the city's secret keeps working after it. Pure: the keys are passed in.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { splitKeyId, tagWithKeyId, type VersionedKeys } from './city-keys';
import { randomId, randomIdPattern } from './ids';

export const ROLES = ['city-admin', 'provider'] as const;
export const SCOPES = ['badges:issue', 'badges:manage', 'profile:write', 'opportunities:manage'] as const;

export const PrincipalSchema = z.object({
  role: z.enum(ROLES),
  /** The provider a provider key acts for; absent for city admins. */
  providerId: z.optional(z.string()),
  scopes: z.array(z.enum(SCOPES)),
  keyPrefix: z.string(),
});
/** Who is calling: what a valid API key stands for. */
export type Principal = z.infer<typeof PrincipalSchema>;

/** A key as stored (pk APIKEY#<prefix>): never its secret, only the secret's HMAC. */
export const ApiKeyRecordSchema = z.object({
  prefix: z.string(),
  secretHash: z.string(),
  role: z.enum(ROLES),
  providerId: z.optional(z.string()),
  scopes: z.array(z.enum(SCOPES)),
  label: z.string(),
  createdAt: z.string(),
  validUntil: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
  lastUsedAt: z.optional(z.string()),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

const PREFIX_LENGTH = 12;
/** A key's public part, which names it in URLs. */
export const API_KEY_PREFIX_PATTERN = randomIdPattern(PREFIX_LENGTH);
/** A whole key: `col_<prefix>_<secret>`, the secret 32 random bytes as base64url. */
export const API_KEY_PATTERN = /^col_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  prefix: string;
  /** The whole key, to show once to whoever asked for it. */
  token: string;
  secretHash: string;
}

const hashSecret = (secret: string, hashKey: Buffer) => createHmac('sha256', hashKey).update(secret).digest('hex');

/** Hashed with the current key: `k<version>.<hex>`. */
export function generateApiKey(hashKeys: Pick<VersionedKeys, 'current'>): NewApiKey {
  const prefix = randomId(PREFIX_LENGTH);
  const secret = randomBytes(32).toString('base64url');
  const { id, key } = hashKeys.current;
  return { prefix, token: `col_${prefix}_${secret}`, secretHash: tagWithKeyId(id, hashSecret(secret, key)) };
}

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): { prefix: string; secret: string } | undefined {
  const match = API_KEY_PATTERN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : undefined;
}

/** The version of the key a stored hash was made with. */
export const hashKeyId = (storedHash: string): string => splitKeyId(storedHash).id;

/** Checks against the key version the stored hash names (a hash from before the keyring: version 1). */
export function secretMatches(secret: string, storedHash: string, hashKeys: Pick<VersionedKeys, 'get'>): boolean {
  const { id, value } = splitKeyId(storedHash);
  const key = hashKeys.get(id);
  if (!key) return false;
  const presented = Buffer.from(hashSecret(secret, key), 'hex');
  const stored = Buffer.from(value, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

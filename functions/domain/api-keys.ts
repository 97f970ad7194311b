// API keys for providers and city admins: `col_<prefix>_<secret>`. The prefix is public and finds the
// key's record; the secret is shown once and stored only as an HMAC under a per-city pepper, so a
// leaked table does not leak usable keys. Pure: the pepper is passed in.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { randomId } from './ids';

export const ROLES = ['city-admin', 'provider'] as const;
export const SCOPES = ['badges:issue', 'badges:manage', 'profile:write'] as const;

export const PrincipalSchema = z.object({
  role: z.enum(ROLES),
  /** The provider a provider key acts for; absent for city admins. */
  providerId: z.optional(z.string()),
  scopes: z.array(z.enum(SCOPES)),
  keyPrefix: z.string(),
});
/** Who is calling: what a valid API key stands for. */
export type Principal = z.infer<typeof PrincipalSchema>;

const PREFIX_LENGTH = 12;
const TOKEN = /^col_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  prefix: string;
  /** The whole key, to show once to whoever asked for it. */
  token: string;
  secretHash: string;
}

export function hashSecret(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

export function generateApiKey(pepper: string): NewApiKey {
  const prefix = randomId(PREFIX_LENGTH);
  const secret = randomBytes(32).toString('base64url');
  return { prefix, token: `col_${prefix}_${secret}`, secretHash: hashSecret(secret, pepper) };
}

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): { prefix: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string, pepper: string): boolean {
  const presented = Buffer.from(hashSecret(secret, pepper), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

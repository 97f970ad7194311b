// The two links every award email carries, neither holding the address:
// - "add to your passport": a random token (256 bits) that is stored only as its SHA-256, bound to the
//   award and the recipient key, expiring, and spent by a conditional delete (functions/data/passport-links.ts);
// - "unsubscribe from this provider's badge emails": the recipient key and provider, signed (HMAC-SHA256
//   under the city's key for mail links). It never expires: RFC 8058 one-click links must keep working.
// Pure: keys are passed in.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new add-to-passport token (what the email carries) and the hash the table keeps. */
export function newPassportToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: passportTokenHash(token) };
}

export const passportTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** How long an add-to-passport link works. */
export const PASSPORT_LINK_DAYS = 30;

/** What an unsubscribe link stands for: this learner (their recipient key), this provider's emails. */
export interface UnsubscribeTarget {
  recipientKey: string;
  providerId: string;
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(`unsubscribe:${payload}`).digest();

export function signUnsubscribe(key: Buffer, target: UnsubscribeTarget): string {
  const payload = Buffer.from(JSON.stringify([target.recipientKey, target.providerId])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The target, if the token is one this city signed; undefined for anything else. */
export function readUnsubscribe(key: Buffer, token: string): UnsubscribeTarget | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  // Compared as written, not decoded: decoding ignores a last character's unused bits, so other
  // spellings of the same signature would pass.
  const expected = Buffer.from(mac(key, payload).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 2 && parts.every((p) => typeof p === 'string' && p !== '')) {
      return { recipientKey: parts[0] as string, providerId: parts[1] as string };
    }
  } catch {
    // a signed payload is always JSON; fall through
  }
  return undefined;
}

/** Where the links lead: the passport's add page and the unsubscribe page (the tokens are the only parameters). */
export const passportAddUrl = (baseUrl: string, token: string) => `${baseUrl}/passport/add?token=${encodeURIComponent(token)}`;
export const unsubscribeUrl = (baseUrl: string, token: string) => `${baseUrl}/unsubscribe?token=${encodeURIComponent(token)}`;

// Links that act on someone's behalf without a sign-in (a guardian's consent): `<nonce>.<expiry>.<mac>`,
// an HMAC-SHA256 under the city's `guardian-links` key over the purpose, nonce and expiry. A forged or
// expired link is refused before anything is read; the nonce's record (stored hashed) makes it single-use.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const mac = (key: Buffer, purpose: string, nonce: string, expires: number) => createHmac('sha256', key).update(`${purpose}.${nonce}.${expires}`).digest('base64url');

export const nonceHash = (nonce: string) => createHash('sha256').update(nonce).digest('hex');

export function signLink(key: Buffer, purpose: string, expiresAt: Date): { token: string; nonce: string; expires: number } {
  const nonce = randomBytes(24).toString('base64url');
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return { token: `${nonce}.${expires}.${mac(key, purpose, nonce, expires)}`, nonce, expires };
}

/** The link's nonce, if the token is one we signed for `purpose` and has not expired. */
export function verifyLink(key: Buffer, purpose: string, token: string, now: Date): string | undefined {
  const match = /^([A-Za-z0-9_-]{32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, nonce, expiresText, given] = match as unknown as [string, string, string, string];
  const expires = Number(expiresText);
  const expected = Buffer.from(mac(key, purpose, nonce, expires));
  if (!timingSafeEqual(expected, Buffer.from(given))) return undefined;
  return expires * 1000 > now.getTime() ? nonce : undefined;
}

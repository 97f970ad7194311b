// c_nonce values (the Nonce Endpoint, section 7) without storage: the time it stops being fresh and 16
// random bytes, MACed with a city key. Anyone may ask for one (the endpoint is not protected), so a
// stateless nonce costs no write; replay within its five minutes gains nothing, because the access
// token it is used with is good for one credential only.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NONCE_SECONDS } from './protocol';

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(`c_nonce:${body}`).digest('base64url');

export function makeNonce(key: Buffer, now: Date): string {
  const body = `${Math.floor(now.getTime() / 1000) + NONCE_SECONDS}.${randomBytes(16).toString('base64url')}`;
  return `${body}.${mac(key, body)}`;
}

/** Whether this city made `nonce` and it is still fresh. */
export function isFreshNonce(key: Buffer, nonce: string, now: Date): boolean {
  const parts = nonce.split('.');
  if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0]!)) return false;
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  return Number(parts[0]) * 1000 > now.getTime();
}

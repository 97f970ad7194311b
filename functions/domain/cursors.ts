// Opaque, tamper-proof list cursors: the position (a DynamoDB key) is never shown raw. It is encoded
// and signed with an HMAC under the city's key for cursors and the list it belongs to, so a client can pass it
// back to that list but cannot forge one, nor replay it on another list (where the key would not fit).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from './errors';

const sign = (payload: string, key: Buffer, list: string) => createHmac('sha256', key).update(`cursor:${list}:${payload}`).digest();

/** `list` names the list the position is in, e.g. `audit:2026-11` or `badge-classes:central-library`. */
export function encodeCursor(position: Record<string, unknown>, key: Buffer, list: string): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${sign(payload, key, list).toString('base64url')}`;
}

export function decodeCursor(cursor: string, key: Buffer, list: string): Record<string, unknown> {
  const [payload, signature, extra] = cursor.split('.');
  const expected = payload ? sign(payload, key, list) : undefined;
  const given = signature ? Buffer.from(signature, 'base64url') : undefined;
  if (extra !== undefined || !payload || !expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid([{ in: 'query', field: 'cursor', detail: 'is not a cursor this API gave out for this list' }]);
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

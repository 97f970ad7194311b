// Opaque, tamper-proof list cursors: the position (a DynamoDB key) is never shown raw. It is encoded
// and signed with an HMAC under the city's key for cursors and the list it belongs to, so a client can pass it
// back to that list but cannot forge one, nor replay it on another list (where the key would not fit).
// A cursor names the version of the key that signed it, so a walk through a list survives a rotation.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { splitKeyId, tagWithKeyId, type VersionedKeys } from './city-keys';
import { invalid } from './errors';

const sign = (payload: string, key: Buffer, list: string) => createHmac('sha256', key).update(`cursor:${list}:${payload}`).digest();

/** `list` names the list the position is in, e.g. `audit:2026-11` or `badge-classes:central-library`. */
export function encodeCursor(position: Record<string, unknown>, keys: VersionedKeys, list: string): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return tagWithKeyId(keys.current.id, `${payload}.${sign(payload, keys.current.key, list).toString('base64url')}`);
}

/** The version of the key a cursor names (its signature is checked by decodeCursor). */
export const cursorKeyId = (cursor: string): string => splitKeyId(cursor).id;

export function decodeCursor(cursor: string, keys: VersionedKeys, list: string): Record<string, unknown> {
  const { id, value } = splitKeyId(cursor);
  const [payload, signature, extra] = value.split('.');
  const key = keys.get(id);
  const expected = payload && key ? sign(payload, key, list) : undefined;
  // Decoding ignores a last character's unused bits, so two spellings can carry the same signature:
  // only the one this API wrote is accepted (a cursor is the exact string it gave out).
  const given = signature ? Buffer.from(signature, 'base64url') : undefined;
  const exact = given !== undefined && given.toString('base64url') === signature;
  if (extra !== undefined || !payload || !expected || !given || !exact || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid([{ in: 'query', field: 'cursor', detail: 'is not a cursor this API gave out for this list' }]);
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

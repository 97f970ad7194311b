// Opaque, tamper-proof list cursors: the position (a DynamoDB key) is never shown raw. It is encoded
// and signed with an HMAC under the city's secret, so a client can pass it back but cannot forge one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from './errors';

export function encodeCursor(position: Record<string, unknown>, secret: string): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(`cursor:${payload}`).digest('base64url')}`;
}

export function decodeCursor(cursor: string, secret: string): Record<string, unknown> {
  const [payload, signature] = cursor.split('.');
  const expected = payload ? createHmac('sha256', secret).update(`cursor:${payload}`).digest() : undefined;
  const given = signature ? Buffer.from(signature, 'base64url') : undefined;
  if (!payload || !expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid([{ in: 'query', field: 'cursor', detail: 'is not a cursor this API gave out' }]);
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

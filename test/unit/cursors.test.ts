import { describe, expect, it } from 'vitest';
import { parseCityKeyring, rotateCityKeyring, versionedKeys } from '../../functions/domain/city-keys';
import { decodeCursor, encodeCursor } from '../../functions/domain/cursors';

const ring = parseCityKeyring('secret');
const keys = { secret: versionedKeys(ring, 'cursor-signatures'), other: versionedKeys(parseCityKeyring('other'), 'cursor-signatures') };
const position = { pk: 'BADGECLASS#x', sk: 'CURRENT', gsi1pk: 'PROVIDER#a#CLASSES', gsi1sk: '2026-01-01#x' };

describe('list cursors', () => {
  it('round-trip on the list they were given out for, showing no raw key', () => {
    const cursor = encodeCursor(position, keys.secret, 'badge-classes:a');
    expect(cursor).not.toContain('PROVIDER');
    expect(decodeCursor(cursor, keys.secret, 'badge-classes:a')).toEqual(position);
  });

  it.each([
    ['another list', (c: string) => c, 'badge-classes:b', 'secret'],
    ['another secret', (c: string) => c, 'badge-classes:a', 'other'],
    ['a changed position', (c: string) => `k1.${Buffer.from(JSON.stringify({ ...position, pk: 'AUDIT#2026-01' })).toString('base64url')}.${c.split('.')[2]}`, 'badge-classes:a', 'secret'],
    ['a truncated signature', (c: string) => c.slice(0, -3), 'badge-classes:a', 'secret'],
    ['an extra part', (c: string) => `${c}.x`, 'badge-classes:a', 'secret'],
    ['a version the ring does not hold', (c: string) => c.replace(/^k1\./, 'k7.'), 'badge-classes:a', 'secret'],
    ['garbage', () => '..', 'badge-classes:a', 'secret'],
  ])('refuse %s as a 400 on the cursor field', (_label, tamper, list, secret) => {
    const cursor = tamper(encodeCursor(position, keys.secret, 'badge-classes:a'));
    expect(() => decodeCursor(cursor, keys[secret as keyof typeof keys], list)).toThrow(expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ field: 'cursor' })] }));
  });

  it('refuse every other spelling of the last character, even those that decode to the same signature', () => {
    // A 32-byte signature is 43 base64url characters; the last carries 4 bits and 2 that decoding
    // ignores, so 'A'..'D' can all read as the same bytes. Found when the integration test's forged
    // cursor (last character changed to 'A') was accepted one run in sixteen.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 16; n++) {
      const cursor = encodeCursor({ ...position, n }, keys.secret, 'badge-classes:a');
      for (const c of alphabet.replace(cursor.at(-1)!, '')) {
        expect(() => decodeCursor(cursor.slice(0, -1) + c, keys.secret, 'badge-classes:a')).toThrow(expect.objectContaining({ kind: 'invalid' }));
      }
    }
  });

  it('survive one rotation (a walk through a list goes on), not two', () => {
    const before = encodeCursor(position, keys.secret, 'badge-classes:a');
    const once = rotateCityKeyring(ring, 'second secret');
    expect(decodeCursor(before, versionedKeys(once, 'cursor-signatures'), 'badge-classes:a')).toEqual(position);
    expect(encodeCursor(position, versionedKeys(once, 'cursor-signatures'), 'badge-classes:a')).toMatch(/^k2\./);
    // Two rotations on, the first version signs no cursor anyone still walks with: a leaked old version cannot forge one.
    const twice = versionedKeys(rotateCityKeyring(once, 'third secret'), 'cursor-signatures');
    expect(() => decodeCursor(before, twice, 'badge-classes:a')).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});

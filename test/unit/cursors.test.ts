import { describe, expect, it } from 'vitest';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { decodeCursor, encodeCursor } from '../../functions/domain/cursors';

const keys = { secret: deriveCityKey('secret', 'cursor-signatures'), other: deriveCityKey('other', 'cursor-signatures') };
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
    ['a changed position', (c: string) => `${Buffer.from(JSON.stringify({ ...position, pk: 'AUDIT#2026-01' })).toString('base64url')}.${c.split('.')[1]}`, 'badge-classes:a', 'secret'],
    ['a truncated signature', (c: string) => c.slice(0, -3), 'badge-classes:a', 'secret'],
    ['an extra part', (c: string) => `${c}.x`, 'badge-classes:a', 'secret'],
    ['garbage', () => '..', 'badge-classes:a', 'secret'],
  ])('refuse %s as a 400 on the cursor field', (_label, tamper, list, secret) => {
    const cursor = tamper(encodeCursor(position, keys.secret, 'badge-classes:a'));
    expect(() => decodeCursor(cursor, keys[secret as keyof typeof keys], list)).toThrow(expect.objectContaining({ kind: 'invalid', fields: [expect.objectContaining({ field: 'cursor' })] }));
  });
});

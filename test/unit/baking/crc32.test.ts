import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, tableCrc32 } from '../../../functions/domain/baking/crc32';
import { referenceCrc } from './images';

describe('crc32', () => {
  it('gives the CRC-32 check value, native and by table', () => {
    const check = Buffer.from('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(tableCrc32(check)).toBe(0xcbf43926);
  });

  it('agrees with an independent implementation, by table too (the fallback for Node before 20.15)', () => {
    for (const size of [0, 1, 13, 4096, 20_000]) {
      const data = randomBytes(size);
      expect(crc32(data)).toBe(referenceCrc(data));
      expect(tableCrc32(data)).toBe(referenceCrc(data));
    }
  });
});

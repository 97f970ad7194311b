import { describe, expect, it } from 'vitest';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { open, seal } from '../../functions/domain/sealed-text';

const key = deriveCityKey('city secret', 'sealed-names');

describe('sealed personal data', () => {
  it('opens with the same key and record, and never shows the text', () => {
    const sealed = seal('Ana Souza', key, 'award-1');
    expect(sealed).not.toContain('Ana');
    expect(seal('Ana Souza', key, 'award-1')).not.toBe(sealed); // a fresh IV each time
    expect(open(sealed, key, 'award-1')).toBe('Ana Souza');
  });

  it('refuses another record, another purpose or secret, and any altered byte', () => {
    const sealed = seal('Ana Souza', key, 'award-1');
    expect(() => open(sealed, key, 'award-2')).toThrow();
    expect(() => open(sealed, deriveCityKey('city secret', 'recipient-keys'), 'award-1')).toThrow();
    expect(() => open(sealed, deriveCityKey('another city', 'sealed-names'), 'award-1')).toThrow();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => open(bytes.toString('base64url'), key, 'award-1')).toThrow();
    expect(() => open('short', key, 'award-1')).toThrow(/too short/);
  });
});

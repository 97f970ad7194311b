import { describe, expect, it } from 'vitest';
import { parseCityKeyring, rotateCityKeyring, versionedKeys } from '../../functions/domain/city-keys';
import { open, seal } from '../../functions/domain/sealed-text';

const ring = parseCityKeyring('city secret');
const keys = versionedKeys(ring, 'sealed-names');

describe('sealed personal data', () => {
  it('opens with the same key and record, and never shows the text', () => {
    const sealed = seal('Ana Souza', keys, 'award-1');
    expect(sealed).not.toContain('Ana');
    expect(seal('Ana Souza', keys, 'award-1')).not.toBe(sealed); // a fresh IV each time
    expect(open(sealed, keys, 'award-1')).toBe('Ana Souza');
  });

  it('refuses another record, another purpose or secret, and any altered byte', () => {
    const sealed = seal('Ana Souza', keys, 'award-1');
    expect(() => open(sealed, keys, 'award-2')).toThrow();
    expect(() => open(sealed, versionedKeys(ring, 'api-key-hashes'), 'award-1')).toThrow();
    expect(() => open(sealed, versionedKeys(parseCityKeyring('another city'), 'sealed-names'), 'award-1')).toThrow();
    const bytes = Buffer.from(sealed.slice('k1.'.length), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => open(`k1.${bytes.toString('base64url')}`, keys, 'award-1')).toThrow();
    expect(() => open('k1.short', keys, 'award-1')).toThrow(/too short/);
  });

  it('open after a rotation with the version they name; new ones use the new version', () => {
    const before = seal('Ana Souza', keys, 'award-1');
    const rotated = versionedKeys(rotateCityKeyring(ring, 'a second secret of the city'), 'sealed-names');
    expect(open(before, rotated, 'award-1')).toBe('Ana Souza');
    const after = seal('Ana Souza', rotated, 'award-1');
    expect(after).toMatch(/^k2\./);
    expect(open(after, rotated, 'award-1')).toBe('Ana Souza');
    // The old ring cannot open what the new version sealed, and says why.
    expect(() => open(after, keys, 'award-1')).toThrow(/version 2/);
    // Changing the version a value names picks another key: the tag cannot be checked, so it fails.
    expect(() => open(after.replace(/^k2\./, 'k1.'), rotated, 'award-1')).toThrow();
  });

  it('open what was sealed before the keyring (no version named: version 1)', () => {
    const legacy = seal('Ana Souza', keys, 'award-1').slice('k1.'.length);
    expect(open(legacy, versionedKeys(rotateCityKeyring(ring, 'a second secret of the city'), 'sealed-names'), 'award-1')).toBe('Ana Souza');
  });
});

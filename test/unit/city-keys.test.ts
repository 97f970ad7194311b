// One key per purpose from the city's secret: distinct, stable, and none of them the secret itself.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CITY_KEY_PURPOSES, deriveCityKey } from '../../functions/domain/city-keys';

describe("the city's keys", () => {
  it('differ per purpose and per city, and are not the secret', () => {
    const keys = CITY_KEY_PURPOSES.map((purpose) => deriveCityKey('city secret', purpose).toString('hex'));
    expect(new Set(keys).size).toBe(CITY_KEY_PURPOSES.length);
    expect(deriveCityKey('another city', 'api-key-hashes').toString('hex')).not.toBe(keys[0]);
    for (const key of keys) expect(key).toHaveLength(64);
    // A hash made for one purpose is no help for another: the same input gives unrelated values.
    const hash = (purpose: (typeof CITY_KEY_PURPOSES)[number]) => createHmac('sha256', deriveCityKey('city secret', purpose)).update('ana@example.org').digest('hex');
    expect(hash('recipient-keys')).not.toBe(hash('api-key-hashes'));
  });

  it('are stable: stored hashes and ids keep matching (HKDF-SHA256, RFC 5869)', () => {
    // Pinned: changing the salt, a purpose name or the hash would orphan every stored API key hash,
    // recipient key and import award id.
    expect(deriveCityKey('city secret', 'api-key-hashes').toString('hex')).toMatchInlineSnapshot(`"71d2668cab721d09216f3753b481fdb1cd102439367c2f0b6d3b0970f9971558"`);
  });
});

// One key per purpose from the city's secret: distinct, stable, and none of them the secret itself.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CITY_KEY_PURPOSES,
  PINNED_PURPOSES,
  ROTATING_PURPOSES,
  deriveCityKey,
  parseCityKeyring,
  pinnedKey,
  rotateCityKeyring,
  rotationProblem,
  serializeCityKeyring,
  splitKeyId,
  tagWithKeyId,
  versionedKeys,
} from '../../functions/domain/city-keys';

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

describe("the city's keyring", () => {
  const first = parseCityKeyring('city secret');
  const second = rotateCityKeyring(first, 'the second secret');

  it('reads a plain secret from before the keyring as version 1, so its keys do not change', () => {
    expect(first).toEqual({ versions: { 1: 'city secret' } });
    expect(versionedKeys(first, 'api-key-hashes').current).toEqual({ id: '1', key: deriveCityKey('city secret', 'api-key-hashes') });
    expect(parseCityKeyring(serializeCityKeyring(second))).toEqual(second);
  });

  it('pins recipient keys and derived award ids to version 1 for ever; the rest move to the new version', () => {
    const third = rotateCityKeyring(second, 'the third secret');
    for (const purpose of PINNED_PURPOSES) expect(pinnedKey(third, purpose)).toEqual(deriveCityKey('city secret', purpose));
    for (const purpose of ROTATING_PURPOSES) expect(versionedKeys(third, purpose).current).toEqual({ id: '3', key: deriveCityKey('the third secret', purpose) });
  });

  it('keeps every version for hashes and seals, the last two for cursors', () => {
    const third = rotateCityKeyring(second, 'the third secret');
    expect(versionedKeys(third, 'api-key-hashes').get('1')).toEqual(deriveCityKey('city secret', 'api-key-hashes'));
    expect(versionedKeys(third, 'sealed-names').get('1')).toEqual(deriveCityKey('city secret', 'sealed-names'));
    expect(versionedKeys(third, 'cursor-signatures').get('1')).toBeUndefined();
    expect(versionedKeys(third, 'cursor-signatures').get('2')).toEqual(deriveCityKey('the second secret', 'cursor-signatures'));
    expect(versionedKeys(third, 'sealed-names').get('4')).toBeUndefined();
  });

  it('refuses a ring without version 1, and a successor that drops, changes or skips a version', () => {
    expect(() => parseCityKeyring(JSON.stringify({ versions: { 2: 'x' } }))).toThrow(/lost version 1/);
    expect(rotationProblem(first, second)).toBeUndefined();
    expect(rotationProblem(second, { versions: { 1: 'city secret', 3: 'x' } })).toMatch(/version 2 is missing/);
    expect(rotationProblem(second, { versions: { ...second.versions, 2: 'changed' } })).toMatch(/version 2 is missing or changed/);
    expect(rotationProblem(first, { versions: { 1: 'city secret', 3: 'x' } })).toMatch(/exactly one new version, 2/);
    expect(rotationProblem(first, first)).toMatch(/found none/);
    expect(rotationProblem(first, { versions: { 1: 'city secret', 2: 'city secret' } })).toMatch(/repeats an old secret/);
  });

  it('tags values with the version that made them; an untagged value is version 1', () => {
    expect(splitKeyId(tagWithKeyId('12', 'abc.def'))).toEqual({ id: '12', value: 'abc.def' });
    expect(splitKeyId('eyJwayI6IngifQ.sig')).toEqual({ id: '1', value: 'eyJwayI6IngifQ.sig' });
    expect(splitKeyId('0f3a')).toEqual({ id: '1', value: '0f3a' });
  });
});

// The local city's secrets file: made on first start, kept across restarts, and a file from before the
// city's secret had per-purpose keys is migrated: its secret kept, its demo keys and ids dropped (their
// hashes were made with the secret itself), so that the seed makes them afresh.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCityKeyring } from '../../functions/domain/city-keys';
import { loadLocalSecrets, rotateLocalCitySecret } from '../../local/secrets';

const file = () => join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');

describe('local secrets', () => {
  it('are made once and kept', () => {
    const path = file();
    const first = loadLocalSecrets(path);
    expect(first.citySecret).toMatch(/^[\w-]{43}$/);
    expect(loadLocalSecrets(path)).toEqual(first);
  });

  it('migrate a file that holds the old API key pepper', () => {
    const path = file();
    const old = { apiKeyPepper: 'old-pepper', signingKeyPem: 'PEM', keys: { 'city-admin': 'col_x_y' }, demo: { badgeClassIds: ['a'], awardId: 'b' } };
    writeFileSync(path, JSON.stringify(old));
    expect(loadLocalSecrets(path)).toEqual({ citySecret: 'old-pepper', signingKeyPem: 'PEM', keys: {}, demo: { badgeClassIds: [] } });
    expect(JSON.parse(readFileSync(path, 'utf8'))).not.toHaveProperty('apiKeyPepper');
  });

  it("rotate like Secrets Manager: the city's secret becomes a keyring, every version kept, nothing else touched", () => {
    const path = file();
    const first = loadLocalSecrets(path);
    expect(rotateLocalCitySecret(path)).toBe('2');
    expect(rotateLocalCitySecret(path)).toBe('3');
    const rotated = loadLocalSecrets(path);
    expect(parseCityKeyring(rotated.citySecret).versions).toEqual({ 1: first.citySecret, 2: expect.stringMatching(/^[\w-]{43}$/), 3: expect.stringMatching(/^[\w-]{43}$/) });
    expect({ ...rotated, citySecret: first.citySecret }).toEqual(first);
  });
});

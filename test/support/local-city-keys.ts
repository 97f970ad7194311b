// A key of a running local city, derived from the secret in its data folder as its functions derive
// it: for tests that must make what only the city makes (a signed link from an email never sent).
// The stored secret is the city's keyring (functions/domain/city-keys.ts); pinned purposes use its first version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCityKeyring, pinnedKey, type PinnedPurpose } from '../../functions/domain/city-keys';

export function localCityKey(dataDir: string, purpose: PinnedPurpose, cityId = 'demo'): Buffer {
  const { citySecret } = JSON.parse(readFileSync(join(dataDir, cityId, 'secrets.json'), 'utf8')) as { citySecret: string };
  return pinnedKey(parseCityKeyring(citySecret), purpose);
}

// A key of a running local city, derived from the secret in its data folder as its functions derive
// it: for tests that must make what only the city makes (a signed link from an email never sent).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveCityKey, type CityKeyPurpose } from '../../functions/domain/city-keys';

export function localCityKey(dataDir: string, purpose: CityKeyPurpose, cityId = 'demo'): Buffer {
  const { citySecret } = JSON.parse(readFileSync(join(dataDir, cityId, 'secrets.json'), 'utf8')) as { citySecret: string };
  return deriveCityKey(citySecret, purpose);
}

// Reading and validating every city config file. Each problem is a CityConfigError that names the
// file and the field, so a bad config stops synth with a message a city editor can act on.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CityConfigError, parseCityConfig, type CityConfig } from '../definitions/city-config';
import { repoRoot } from './repo-root';

export const defaultCitiesDir = join(repoRoot, 'cities');

/** Every `*.json` in `dir`, validated, in file-name order. Throws CityConfigError on the first bad file. */
export function loadCityConfigs(dir: string = defaultCitiesDir): CityConfig[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => loadCityConfigFile(join(dir, file)));
}

function loadCityConfigFile(path: string): CityConfig {
  const source = displayPath(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CityConfigError(source, [`(file): not valid JSON: ${(error as Error).message}`]);
  }
  const config = parseCityConfig(json, source);
  // The file name is the city's handle everywhere (stack id, `-c city=`, CITY=); it must not drift.
  const expected = basename(path, '.json');
  if (config.id !== expected) {
    throw new CityConfigError(source, [`id: "${config.id}" must match the file name: rename the file to ${config.id}.json or set id to "${expected}"`]);
  }
  return config;
}

// `cities/demo.json` for files in the repository, the full path for anything outside it.
function displayPath(path: string): string {
  const fromRoot = relative(repoRoot, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

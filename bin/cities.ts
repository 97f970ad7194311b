// The CDK app: one stack per city config file in cities/.
//   npx cdk synth                        every city
//   npx cdk synth -c city=demo           one city (all files are still validated)
//   npx cdk synth -c citiesDir=<path>    configs from another folder
import { App } from 'aws-cdk-lib';
import { CityConfigError } from '../definitions/city-config';
import { addCities } from '../lib/city-app';
import { defaultCitiesDir, loadCityConfigs } from '../lib/city-configs';

function main(): void {
  const app = new App();
  const dir = (app.node.tryGetContext('citiesDir') as string | undefined) ?? defaultCitiesDir;
  const only = app.node.tryGetContext('city') as string | undefined;

  const configs = loadCityConfigs(dir);
  if (configs.length === 0) {
    throw new CityConfigError(dir, ['no city config files (*.json); create one with: npm run city:new -- <id> "<City name>"']);
  }
  const selected = only === undefined ? configs : configs.filter((config) => config.id === only);
  if (selected.length === 0) {
    throw new CityConfigError(dir, [`city: no config for "${only}"; known cities: ${configs.map((c) => c.id).join(', ')}`]);
  }
  addCities(app, selected);
  app.synth();
}

try {
  main();
} catch (error) {
  // A config problem is the city editor's to fix: print what and where, not a stack trace.
  if (!(error instanceof CityConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

// Signed-in learners on the integration tier's local city: its DynamoDB Local and its secret, found
// from the city's data folder, so test files can make learners the sign-in would have made. Call
// `useLocalCityTable` first thing, in `vi.hoisted`, before anything imports a data module:
// `await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { cityEnvironment } from '../../definitions/city-env';
import { runningCity } from '../../local/ports';
import { loadLocalSecrets } from '../../local/secrets';

const CITY = 'demo';

export function useLocalCityTable(): void {
  const running = runningCity(inject('dataDir'), CITY);
  const file = join(import.meta.dirname, '../../cities', `${CITY}.json`);
  Object.assign(process.env, cityEnvironment(parseCityConfig(JSON.parse(readFileSync(file, 'utf8')), file), running.url), {
    TABLE_NAME: `city-${CITY}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://localhost:${running.dynamoDbPort}`,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
}

export const localCitySecret = () => loadLocalSecrets(join(inject('dataDir'), CITY, 'secrets.json')).citySecret;

export async function localLearner(email?: string) {
  const { signedInLearner } = await import('./learner-fixture');
  return signedInLearner(localCitySecret(), email);
}

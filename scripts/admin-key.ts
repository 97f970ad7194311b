// `npm run admin-key -- --city <id>`: issues a city-admin API key and prints it once.
//   In AWS: reads the deployed stack's outputs from cdk-outputs.json (`cdk deploy --outputs-file
//   cdk-outputs.json`, or --outputs <file>) and uses your AWS credentials.
//   With --local: the running local city (`npm start`), found through the ports it recorded under its
//   data folder (local/ports.ts), its DynamoDB Local and .local/ secrets.
import { join } from 'node:path';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../definitions/city-secret';
import { TABLE_NAME_ENV } from '../definitions/table';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { loadLocalSecrets } from '../local/secrets';
import { commandLine, fail, stackOutputs } from './cli';

const USAGE = `Usage: npm run admin-key -- --city <id> [--local] [--label "..."] [--outputs cdk-outputs.json]
  Issues a city-admin API key and prints it once.
  --city <id>         the city (cities/<id>.json)
  --local             the local city running now (npm start; LOCAL_DATA_DIR if it was started with one)
  --label <text>      the key's label (default "City admin")
  --outputs <file>    the deployed stack's outputs (default cdk-outputs.json; not with --local)`;

const options = () =>
  commandLine(USAGE, {
        city: { type: 'string' },
        label: { type: 'string', default: 'City admin' },
        outputs: { type: 'string', default: 'cdk-outputs.json' },
        local: { type: 'boolean', default: false },
  }).values;

/** Points the data modules at the running local city. */
function useLocalCity(cityId: string) {
  const { dataDir } = optionsFromEnv();
  const running = runningCity(dataDir, cityId);
  const secrets = loadLocalSecrets(join(dataDir, cityId, 'secrets.json'));
  Object.assign(process.env, {
    [TABLE_NAME_ENV]: `city-${cityId}`,
    [CITY_SECRET_ENV]: secrets.citySecret,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${running.dynamoDbPort}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  return running.url;
}

/** Points the data modules at the deployed stack. */
function useDeployedCity(config: ReturnType<typeof loadCityConfig>, outputsFile: string) {
  const output = stackOutputs(config, outputsFile);
  Object.assign(process.env, {
    [TABLE_NAME_ENV]: output('TableName'),
    [CITY_SECRET_ARN_ENV]: output('CitySecretArn'),
    ...(config.aws?.region ? { AWS_REGION: config.aws.region } : {}),
  });
  return output('PublicBaseUrl');
}

const values = options();
if (!values.city) fail(USAGE);
// As in local/city.ts: the SDK's notice about Node 22 is noise for a one-shot command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
try {
  const config = loadCityConfig(values.city);
  const url = values.local ? useLocalCity(config.id) : useDeployedCity(config, values.outputs!);
  // Imported only now: the data modules read the environment set above.
  const { issueApiKey } = await import('../functions/api-keys/service');
  const issued = await issueApiKey({ role: 'city-admin', scopes: [], label: values.label! }, new Date());
  console.log(`City admin key for ${config.name}${url ? ` (${url})` : ''}, prefix ${issued.prefix}; it is shown only now:\n\n  ${issued.key}\n`);
} catch (error) {
  // The reason, not a stack trace: a missing city, a stopped local city, no AWS credentials.
  fail(`Could not issue a key: ${(error as Error).message}`);
}

// `npm run admin-key -- --city <id>`: issues a city-admin API key and prints it once.
//   In AWS: reads the deployed stack's outputs from cdk-outputs.json (`cdk deploy --outputs-file
//   cdk-outputs.json`, or --outputs <file>) and uses your AWS credentials.
//   With --local: the running local city (`npm start`), found through the ports it recorded under its
//   data folder (local/ports.ts), its DynamoDB Local and .local/ secrets.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../definitions/city-secret';
import { TABLE_NAME_ENV } from '../definitions/table';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { loadLocalSecrets } from '../local/secrets';
import { cityStackId } from '../lib/city-stack-id';

const USAGE = `Usage: npm run admin-key -- --city <id> [--local] [--label "..."] [--outputs cdk-outputs.json]
  Issues a city-admin API key and prints it once.
  --city <id>         the city (cities/<id>.json)
  --local             the local city running now (npm start; LOCAL_DATA_DIR if it was started with one)
  --label <text>      the key's label (default "City admin")
  --outputs <file>    the deployed stack's outputs (default cdk-outputs.json; not with --local)`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function options() {
  try {
    return parseArgs({
      options: {
        city: { type: 'string' },
        label: { type: 'string', default: 'City admin' },
        outputs: { type: 'string', default: 'cdk-outputs.json' },
        local: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

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
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as typeof outputs;
  } catch {
    fail(`Cannot read ${outputsFile}: deploy with \`npx cdk deploy ${cityStackId(config)} --outputs-file ${outputsFile}\` first`);
  }
  const stack = outputs[cityStackId(config)];
  if (!stack?.TableName || !stack.CitySecretArn) fail(`${outputsFile} has no outputs for ${cityStackId(config)}`);
  Object.assign(process.env, {
    [TABLE_NAME_ENV]: stack.TableName,
    [CITY_SECRET_ARN_ENV]: stack.CitySecretArn,
    ...(config.aws?.region ? { AWS_REGION: config.aws.region } : {}),
  });
  return stack.PublicBaseUrl;
}

const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
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

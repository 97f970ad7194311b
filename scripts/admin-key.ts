// `npm run admin-key -- --city <id>`: issues a city-admin API key and prints it once.
//   In AWS: reads the deployed stack's outputs from cdk-outputs.json (`cdk deploy --outputs-file
//   cdk-outputs.json`, or --outputs <file>) and uses your AWS credentials.
//   With --local: the running local city (`npm start`), its DynamoDB Local and .local/ secrets.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../definitions/city-secret';
import { TABLE_NAME_ENV } from '../definitions/table';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { loadLocalSecrets } from '../local/secrets';
import { cityStackId } from '../lib/city-stack-id';

const { values } = parseArgs({
  options: {
    city: { type: 'string' },
    label: { type: 'string', default: 'City admin' },
    outputs: { type: 'string', default: 'cdk-outputs.json' },
    local: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!values.city) fail('Usage: npm run admin-key -- --city <id> [--label "..."] [--outputs cdk-outputs.json] [--local]');
const config = loadCityConfig(values.city);

if (values.local) {
  const options = optionsFromEnv();
  const secrets = loadLocalSecrets(join(options.dataDir, config.id, 'secrets.json'));
  Object.assign(process.env, {
    [TABLE_NAME_ENV]: `city-${config.id}`,
    [CITY_SECRET_ENV]: secrets.citySecret,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${options.dynamoDbPort}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
} else {
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(values.outputs, 'utf8')) as typeof outputs;
  } catch {
    fail(`Cannot read ${values.outputs}: deploy with \`npx cdk deploy ${cityStackId(config)} --outputs-file ${values.outputs}\` first`);
  }
  const stack = outputs[cityStackId(config)];
  if (!stack?.TableName || !stack.CitySecretArn) fail(`${values.outputs} has no outputs for ${cityStackId(config)}`);
  Object.assign(process.env, {
    [TABLE_NAME_ENV]: stack.TableName,
    [CITY_SECRET_ARN_ENV]: stack.CitySecretArn,
    ...(config.aws?.region ? { AWS_REGION: config.aws.region } : {}),
  });
}

// Imported only now: the data modules read the environment set above.
const { issueApiKey } = await import('../functions/api-keys/issue');
const issued = await issueApiKey({ role: 'city-admin', scopes: [], label: values.label! }, new Date());
console.log(`City admin key for ${config.name} (prefix ${issued.prefix}); it is shown only now:\n\n  ${issued.key}\n`);

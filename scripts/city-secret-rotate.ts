// `npm run city-secret:rotate -- --city <id>`: rotates the city's secret, adding a version to its
//   keyring (everything made with the older versions keeps working: docs/operations.md).
//   In AWS: asks Secrets Manager to rotate the deployed stack's secret now (its rotation function does
//   the work), the secret found in cdk-outputs.json (or --outputs <file>), with your AWS credentials.
//   With --local: rotates the local city's secret in its data folder, while the city is stopped: its
//   functions read the secret when it starts (unlike Lambda's, which read it again on their own).
import { join } from 'node:path';
import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { rotateLocalCitySecret } from '../local/secrets';
import { commandLine, fail, stackOutputs } from './cli';

const USAGE = `Usage: npm run city-secret:rotate -- --city <id> [--local] [--outputs cdk-outputs.json]
  Rotates the city's secret: a new version of its keyring for new values; every older one is kept.
  --city <id>         the city (cities/<id>.json)
  --local             the local city's secret, with the city stopped (LOCAL_DATA_DIR if it was started with one)
  --outputs <file>    the deployed stack's outputs (default cdk-outputs.json; not with --local)`;

const options = () =>
  commandLine(USAGE, {
        city: { type: 'string' },
        outputs: { type: 'string', default: 'cdk-outputs.json' },
        local: { type: 'boolean', default: false },
  }).values;

async function rotateDeployed(config: ReturnType<typeof loadCityConfig>, outputsFile: string): Promise<string> {
  const secretArn = stackOutputs(config, outputsFile)('CitySecretArn');
  const client = new SecretsManagerClient(config.aws?.region ? { region: config.aws.region } : {});
  const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: secretArn, RotateImmediately: true }));
  return `Rotation of ${config.name}'s secret started (version ${VersionId}); its rotation function's log says when it is done.`;
}

function isRunning(dataDir: string, cityId: string): boolean {
  try {
    runningCity(dataDir, cityId);
    return true;
  } catch {
    return false;
  }
}

const values = options();
if (!values.city) fail(USAGE);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
try {
  const config = loadCityConfig(values.city);
  if (values.local) {
    const { dataDir } = optionsFromEnv();
    if (isRunning(dataDir, config.id)) {
      fail(`The local city "${config.id}" is running: stop it first. Its functions read the secret when it starts, so keys issued with a new version would not work until then.`);
    }
    const version = rotateLocalCitySecret(join(dataDir, config.id, 'secrets.json'));
    console.log(`${config.name}'s local secret is now at version ${version}; new values use it from the next start (npm start).`);
  } else {
    console.log(await rotateDeployed(config, values.outputs!));
  }
} catch (error) {
  fail(`Could not rotate the city's secret: ${(error as Error).message}`);
}

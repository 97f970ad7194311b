// `npm run signing:resign -- --city <id>`: after a signing key is marked compromised in the city config
//   (signing.keys, and deployed or restarted), signs again with the active key every award whose
//   credential names a key the issuer profiles no longer publish, and bakes its image again
//   (functions/services/resigning.ts; docs/operations.md, "Signing key suspected compromised").
//   It reads the whole table with a Scan, a page at a time: an operator's tool, never a request path.
//   Bounded (--max table items read per run) and resumable: the position after each page is saved to the
//   checkpoint file, and the next run starts there; a finished run removes it. Running it again after
//   it finished changes nothing (every award then names a published key).
//   In AWS: with your AWS credentials (kms:Sign on the active key, the table and the bucket), the
//   stack's outputs from cdk-outputs.json (or --outputs). With --local: the running local city.
// Exit status: 0 finished, 2 stopped at --max with more to read (run it again), 1 anything else.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUCKET_NAME_ENV, S3_FORCE_PATH_STYLE_ENV } from '../definitions/bucket';
import type { CityConfig } from '../definitions/city-config';
import { cityEnvironment } from '../definitions/city-env';
import { KEPT_SIGNING_KEY_IDS_ENV, KEPT_SIGNING_PUBLIC_KEYS_ENV, SIGNING_KEY_ID_ENV, SIGNING_KEY_PEM_ENV, signingKeyRoles } from '../definitions/signing';
import { TABLE_NAME_ENV } from '../definitions/table';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { loadLocalSecrets, localSigningKeys } from '../local/secrets';
import { commandLine, fail, stackOutputs } from './cli';

const USAGE = `Usage: npm run signing:resign -- --city <id> [--local] [--outputs cdk-outputs.json] [--max <n>] [--checkpoint <file>]
  Signs again, with the active key, every award signed by a key signing.keys no longer publishes
  (docs/operations.md: "Signing key suspected compromised"). Reads the table with a Scan.
  --city <id>          the city (cities/<id>.json), as deployed (or started) with its new signing.keys
  --local              the local city running now (npm start; LOCAL_DATA_DIR if it was started with one)
  --outputs <file>     the deployed stack's outputs (default cdk-outputs.json; not with --local)
  --max <n>            read at most this many table items in this run (default 20000); run again to go on
  --checkpoint <file>  where the position is kept between runs (default signing-resign-<city>.json;
                       with --local, in the city's data folder)
Exit status: 0 finished, 2 stopped at --max with more to read (run it again), 1 otherwise.`;

const PAGE = 100;

const options = () =>
  commandLine(USAGE, {
        city: { type: 'string' },
        local: { type: 'boolean', default: false },
        outputs: { type: 'string', default: 'cdk-outputs.json' },
        max: { type: 'string', default: '20000' },
        checkpoint: { type: 'string' },
  }).values;

/** What the city's signing functions are given in AWS, from the stack's outputs. */
function deployedEnvironment(config: CityConfig, outputsFile: string): Record<string, string> {
  const output = stackOutputs(config, outputsFile);
  const roles = signingKeyRoles(config.signing.keys);
  const keyArn = (id: string) => output(`SigningKey${id.toUpperCase()}Arn`);
  return {
    ...cityEnvironment(config, output('PublicBaseUrl')),
    [TABLE_NAME_ENV]: output('TableName'),
    [BUCKET_NAME_ENV]: output('BucketName'),
    [SIGNING_KEY_ID_ENV]: keyArn(roles.active),
    [KEPT_SIGNING_KEY_IDS_ENV]: roles.kept.map(keyArn).join(','),
    ...(config.aws?.region ? { AWS_REGION: config.aws.region } : {}),
  };
}

/** What the running local city's signing functions are given (local/city.ts). */
function localEnvironment(config: CityConfig, dataDir: string): Record<string, string> {
  const running = runningCity(dataDir, config.id);
  const host = new URL(running.url).hostname;
  const keys = localSigningKeys(loadLocalSecrets(join(dataDir, config.id, 'secrets.json'), config.signing.keys), config.signing.keys);
  return {
    ...cityEnvironment(config, running.url),
    [TABLE_NAME_ENV]: `city-${config.id}`,
    [BUCKET_NAME_ENV]: `city-${config.id}-badges`,
    [S3_FORCE_PATH_STYLE_ENV]: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: `http://${host}:${running.dynamoDbPort}`,
    AWS_ENDPOINT_URL_S3: `http://${host}:${running.s3Port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    [SIGNING_KEY_PEM_ENV]: keys.signingKeyPem,
    [KEPT_SIGNING_PUBLIC_KEYS_ENV]: keys.keptSigningPublicKeys.join(','),
  };
}

interface Checkpoint {
  next: Record<string, unknown>;
  awards: number;
  resigned: number;
}

const values = options();
if (!values.city) fail(USAGE);
const max = Number(values.max);
if (!Number.isInteger(max) || max < 1) fail(`--max must be a whole number of items, at least 1\n\n${USAGE}`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

try {
  const config = loadCityConfig(values.city);
  const { dataDir } = optionsFromEnv();
  const checkpointFile = values.checkpoint ?? (values.local ? join(dataDir, config.id, 'signing-resign.json') : `signing-resign-${config.id}.json`);
  Object.assign(process.env, values.local ? localEnvironment(config, dataDir) : deployedEnvironment(config, values.outputs!));
  // Imported only now: the modules read the table, bucket and keys from the environment set above.
  const { resignPage } = await import('../functions/services/resigning');

  const saved = existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as Checkpoint) : undefined;
  const totals = { awards: saved?.awards ?? 0, resigned: saved?.resigned ?? 0 };
  let start = saved?.next;
  let read = 0;
  if (saved) console.log(`Resuming from ${checkpointFile} (${totals.awards} awards read, ${totals.resigned} re-signed so far).`);
  for (;;) {
    const page = await resignPage(Math.min(PAGE, max - read), start);
    read += page.scanned;
    totals.awards += page.awards;
    totals.resigned += page.resigned;
    start = page.next;
    if (!start) break;
    writeFileSync(checkpointFile, `${JSON.stringify({ next: start, ...totals } satisfies Checkpoint)}\n`);
    if (read >= max) {
      console.log(`Stopped after ${read} table items this run (${totals.awards} read, ${totals.resigned} re-signed in all); run the same command again to go on.`);
      process.exit(2);
    }
  }
  rmSync(checkpointFile, { force: true });
  console.log(`Done: ${totals.awards} awards read, ${totals.resigned} re-signed with key ${signingKeyRoles(config.signing.keys).active}.`);
} catch (error) {
  fail(`Could not re-sign: ${(error as Error).message}`);
}

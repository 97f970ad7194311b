// A whole city on this machine: DynamoDB Local + s3rver + the import queue's stand-in + the route table
// served by the same handlers that run in Lambda (and the import worker, fed by the queue), each function
// in a thread of its own with only the environment its grants give it (local/functions.ts). Used by
// `npm start`, the integration tests and the benchmarks.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { cityEnvironment } from '../definitions/city-env';
import { parseCityConfig, type CityConfig } from '../definitions/city-config';
import { streamConsumers, type StreamConsumer } from '../definitions/consumers';
import { consumerGrants, grantedEnvironment, groupGrants, localResourceEnvironments, otherFunctionGrants, type Grants } from '../definitions/function-grants';
import { apiKeyAuthorizer, routeGroups, type RouteGroupName } from '../definitions/routes';
import { S3_FORCE_PATH_STYLE_ENV } from '../definitions/bucket';
import { IMPORT_MAX_RECEIVES, IMPORT_WORKER_ENTRY, IMPORT_WORKER_TIMEOUT_SECONDS } from '../definitions/import-jobs';
import { LEARNER_PURGE_ENTRY, LEARNER_PURGE_EVERY_MINUTES, LEARNER_PURGE_TIMEOUT_SECONDS } from '../definitions/learner-purge';
import { answerClientError, createRequestListener, DEFAULT_TIMEOUT_SECONDS, gatewayAuthorizer, lambdaContext, type AuthorizerHandler, type GroupHandler } from './http-adapter';
import { ensureBucket, ensureTable } from './provision';
import { loadLocalSecrets, localSigningKeys, saveLocalSecrets } from './secrets';
import { checkJava, checkPortFree, DEFAULT_HOST, localEndpoint, parseHost, startDynamoDbLocal, startS3rver, LocalCityError, type RunningService } from './services';
import { bucketAllows, startBucketGuard, startTableGuard, tableActions } from './access-guard';
import { bundleFunctions, startFunction, type LocalFunction } from './functions';
import { startLocalQueue, type SqsHandler } from './queue';
import { startStreamPoller, type StreamHandler } from './stream';
import { startLocalMail } from './mail';
import { startMailboxSimulator } from './ses-simulator';
import { startLocalSignIn } from './oidc';
import { MAIL_EVENTS_ENTRY, mailConfigurationSetName, mailFromAddress } from '../definitions/mail';
import type { SeedReport } from './seed';
import { recordPorts } from './ports';

export const repoRoot = resolve(import.meta.dirname, '..');

export interface LocalCityOptions {
  cityId: string;
  port: number;
  dynamoDbPort: number;
  s3Port: number;
  /** The import queue's stand-in (local/queue.ts). */
  sqsPort: number;
  /** The SES stand-in and its mailbox page (local/mail.ts). */
  mailPort: number;
  /** The OpenID Connect provider learners sign in with (local/oidc.ts: the user pool's stand-in). */
  signInPort: number;
  /** Everything the city writes lives here; it survives restarts. */
  dataDir: string;
  /** DynamoDB Local keeps the table in memory, gone at exit (DYNAMODB_IN_MEMORY): about four times faster to write, for bulk loads. */
  dynamoDbInMemory?: boolean;
  /** Powertools log level for the handlers. */
  logLevel: string;
  /** Print one line per request. */
  accessLog: boolean;
  /** The address every service listens on (HOST); loopback unless told otherwise. */
  host?: string;
  /** The stream's consumers; every one of definitions/consumers.ts unless a test brings its own. */
  consumers?: Record<string, StreamConsumer>;
  /** How often the learner purge runs (its schedule in AWS: every hour); LEARNER_PURGE_SECONDS. */
  learnerPurgeSeconds?: number;
}

/** Local settings from env vars (documented in README.md). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalCityOptions {
  const port = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new LocalCityError(`${name} must be a port number, got "${raw}"`);
    return value;
  };
  const seconds = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new LocalCityError(`${name} must be a whole number of seconds, got "${raw}"`);
    return value;
  };
  return {
    cityId: env.CITY ?? 'demo',
    port: port('PORT', 3000),
    dynamoDbPort: port('DYNAMODB_PORT', 8000),
    s3Port: port('S3_PORT', 4569),
    sqsPort: port('SQS_PORT', 9324),
    mailPort: port('MAIL_PORT', 8005),
    signInPort: port('SIGN_IN_PORT', 8006),
    dataDir: resolve(repoRoot, env.LOCAL_DATA_DIR ?? '.local'),
    dynamoDbInMemory: env.DYNAMODB_IN_MEMORY === 'true',
    logLevel: env.LOG_LEVEL ?? 'WARN',
    accessLog: env.ACCESS_LOG !== 'false',
    host: parseHost(env.HOST),
    learnerPurgeSeconds: seconds('LEARNER_PURGE_SECONDS', LEARNER_PURGE_EVERY_MINUTES * 60),
  };
}

/** Where city configs are read from: `cities/`, or CITIES_DIR (as `npm run city:new` writes them). */
export const citiesDir = (env: NodeJS.ProcessEnv = process.env) => resolve(repoRoot, env.CITIES_DIR ?? 'cities');

export function loadCityConfig(cityId: string): CityConfig {
  const path = join(citiesDir(), `${cityId}.json`);
  const file = path.startsWith(`${repoRoot}/`) ? relative(repoRoot, path) : path;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new LocalCityError(`No city config ${file}. Create one with: npm run city:new -- ${cityId} "City name"`);
  }
  try {
    return parseCityConfig(JSON.parse(raw), file);
  } catch (error) {
    throw new LocalCityError((error as Error).message);
  }
}

export interface LocalCity {
  url: string;
  /** The local mailbox page: every mail the city sent since it started. */
  mailboxUrl: string;
  config: CityConfig;
  seed: SeedReport;
  /** Resolves once every stream consumer has handled every change written so far. */
  streamDrained(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalCity(options: LocalCityOptions): Promise<LocalCity> {
  const config = loadCityConfig(options.cityId);
  // Lambda runs Node 24; locally Node 20 is supported, so the SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  checkJava();
  const host = options.host ?? DEFAULT_HOST;
  await checkPortFree(options.port, 'the city API', 'PORT', host);
  await checkPortFree(options.dynamoDbPort, 'DynamoDB Local', 'DYNAMODB_PORT', host);
  await checkPortFree(options.s3Port, 's3rver', 'S3_PORT', host);
  await checkPortFree(options.sqsPort, 'the import queue', 'SQS_PORT', host);
  await checkPortFree(options.mailPort, 'the local mail (SES)', 'MAIL_PORT', host);
  await checkPortFree(options.signInPort, 'the sign-in provider', 'SIGN_IN_PORT', host);

  const cityDir = join(options.dataDir, config.id);
  const running: RunningService[] = [];
  const stopAll = async () => {
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    // The city's URLs name localhost wherever that reaches it; only a city bound to one other address is named by it.
    const url = ['127.0.0.1', '::1', '0.0.0.0', '::'].includes(host) ? `http://localhost:${options.port}` : localEndpoint(host, options.port);
    const dynamo = await startDynamoDbLocal(options.dynamoDbPort, options.dynamoDbInMemory ? 'memory' : join(cityDir, 'dynamodb'), host, new URL(url).origin);
    running.push(dynamo);
    const s3 = await startS3rver(options.s3Port, join(cityDir, 's3'), host);
    running.push(s3);
    const queue = await startLocalQueue(options.sqsPort, join(cityDir, 'sqs'), `city-${config.id}-imports.fifo`, host);
    running.push(queue);
    const mail = await startLocalMail(options.mailPort, host);
    running.push(mail);
    const signIn = await startLocalSignIn({ port: options.signInPort, host, dataDir: join(cityDir, 'oidc'), config, cityUrl: url, mailEndpoint: mail.endpoint });
    running.push(signIn);

    const tableName = `city-${config.id}`;
    const bucketName = `city-${config.id}-badges`;
    const secretsFile = join(cityDir, 'secrets.json');
    const secrets = loadLocalSecrets(secretsFile, config.signing.keys);
    // What every function has (the stack's `environment`, and what the SDK needs to find the local
    // services), and what each grant adds (the stack's bind helpers).
    const everyFunction: Record<string, string> = {
      ...cityEnvironment(config, url),
      [S3_FORCE_PATH_STYLE_ENV]: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: queue.endpoint,
      AWS_ENDPOINT_URL_SESV2: mail.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: signIn.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: options.logLevel,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const resources = localResourceEnvironments({
      tableName,
      bucketName,
      citySecret: secrets.citySecret,
      ...localSigningKeys(secrets, config.signing.keys),
      importQueueUrl: queue.queueUrl,
      mailFrom: mailFromAddress(config),
      mailConfigurationSet: mailConfigurationSetName(config.id),
      oidcIssuer: signIn.issuer,
      oidcClientId: signIn.clientId,
      userPoolId: signIn.userPoolId,
    });
    const environmentOf = (grants: Grants) => ({ ...everyFunction, ...grantedEnvironment(grants, resources) });
    // The seed is the operator's tool, not a function: it runs here, with every grant.
    Object.assign(process.env, environmentOf({ table: 'read-write', bucket: 'read-write', signs: true, citySecret: true, submitsImports: true, sendsMail: true, signsInLearners: true, deletesSignInUsers: true }));
    // s3rver accepts only its own fixed key; DynamoDB Local accepts any.
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
    const s3Client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
    await ensureTable(dynamoClient, tableName);
    await ensureBucket(s3Client, bucketName);
    dynamoClient.destroy();
    s3Client.destroy();

    // Imported only now: data modules read the table name from the environment set above.
    const { seedCity } = await import('./seed');
    const seed = await seedCity(config, url, secrets);
    saveLocalSecrets(secretsFile, secrets);
    const groups = Object.keys(routeGroups) as RouteGroupName[];
    const consumers = Object.entries(options.consumers ?? (streamConsumers as Record<string, StreamConsumer>));
    // Inside the repository (the bundles' AWS SDK resolves from its node_modules), one folder per process.
    const bundles = await bundleFunctions(
      {
        authorizer: apiKeyAuthorizer.entry,
        'import-worker': IMPORT_WORKER_ENTRY,
        'learner-purge': LEARNER_PURGE_ENTRY,
        'mail-events': MAIL_EVENTS_ENTRY,
        ...Object.fromEntries(groups.map((name) => [name, routeGroups[name].entry])),
        ...Object.fromEntries(consumers.map(([name, consumer]) => [`consumer-${name}`, consumer.entry])),
      },
      repoRoot,
      join(repoRoot, '.local', 'functions', String(process.pid)),
    );
    running.push({ stop: async () => bundles.remove() });
    // Each function reaches the table and the bucket through guards that allow what IAM allows it.
    const start = async (name: string, grants: Grants, extra: { tableActions?: string[]; deletesUploadVersions?: boolean } = {}) => {
      const table = await startTableGuard(dynamo.endpoint, tableActions(grants, extra.tableActions), name);
      running.push(table);
      const bucket = await startBucketGuard(s3.endpoint, (request) => bucketAllows(grants, request, extra));
      running.push(bucket);
      const fn = await startFunction(bundles, name, { ...environmentOf(grants), AWS_ENDPOINT_URL_DYNAMODB: table.endpoint, AWS_ENDPOINT_URL_S3: bucket.endpoint });
      running.push(fn);
      return fn;
    };
    const [authorizer, worker, purge, mailEvents, ...groupFunctions] = await Promise.all([
      // The stack grants these two one action more each (lib/constructs/city-api.ts, import-jobs.ts).
      start('authorizer', otherFunctionGrants.authorizer, { tableActions: ['UpdateItem'] }),
      start('import-worker', otherFunctionGrants.importWorker, { deletesUploadVersions: true }),
      start('learner-purge', otherFunctionGrants.learnerPurge),
      start('mail-events', otherFunctionGrants.mailEvents),
      ...groups.map((name) => start(name, groupGrants(name))),
    ]);
    const handlers = Object.fromEntries(groups.map((name, i) => [name, invoker<GroupHandler>(groupFunctions[i]!)])) as Record<RouteGroupName, GroupHandler>;
    // The stream's consumers, fed from DynamoDB Local's stream as their event source mappings feed them in AWS.
    const consumerFunctions = await Promise.all(consumers.map(([name, consumer]) => start(`consumer-${name}`, consumerGrants(consumer))));
    const stream = await startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      dataDir: cityDir,
      consumers: Object.fromEntries(consumers.map(([name, definition], i) => [name, { definition, handler: invoker<StreamHandler>(consumerFunctions[i]!) }])),
      onError: (error) => console.error('[local] stream consumer:', error instanceof Error ? error.message : error),
    });
    running.push(stream);
    // The import worker is fed by the queue stand-in as Lambda's event source would feed it.
    queue.consume(invoker<SqsHandler>(worker!), {
      concurrency: config.imports.maxWorkers,
      timeoutSeconds: IMPORT_WORKER_TIMEOUT_SECONDS,
      maxReceives: IMPORT_MAX_RECEIVES,
      onError: (error) => console.error('[local] import worker failed:', error),
    });
    // SES's mailbox simulator: its bounces and complaints reach the MailEvents function as SNS would bring them.
    running.push(
      startMailboxSimulator(mail.onSent, {
        configurationSet: mailConfigurationSetName(config.id),
        deliver: (event) => mailEvents!.invoke(event, lambdaContext('mail-events', DEFAULT_TIMEOUT_SECONDS * 1000)),
        onError: (error) => console.error('[local] mail events:', error instanceof Error ? error.message : error),
      }),
    );
    // The learner purge on its schedule, as EventBridge runs it in AWS: one run at a time, the first at start.
    const purgeEvery = (options.learnerPurgeSeconds ?? LEARNER_PURGE_EVERY_MINUTES * 60) * 1000;
    let purging: Promise<unknown> = Promise.resolve();
    const runPurge = () => {
      purging = purge!
        .invoke({ source: 'local.schedule', 'detail-type': 'Scheduled Event' }, lambdaContext('learner-purge', LEARNER_PURGE_TIMEOUT_SECONDS * 1000))
        .catch((error: unknown) => console.error('[local] learner purge:', error instanceof Error ? error.message : error));
    };
    runPurge();
    const purgeTimer = setInterval(runPurge, purgeEvery);
    running.push({
      stop: async () => {
        clearInterval(purgeTimer);
        await purging;
      },
    });
    const server = createServer(
      createRequestListener({
        domainName: `localhost:${options.port}`,
        handlers,
        authorize: gatewayAuthorizer(invoker<AuthorizerHandler>(authorizer!)),
        onError: (error) => console.error('[local] handler failed:', error),
        onResponse: options.accessLog
          ? ({ method, path, status, ms }) => console.log(`[local] ${method} ${path} ${status} ${ms.toFixed(1)}ms`)
          : undefined,
      }),
    );
    server.on('clientError', answerClientError);
    await listen(server, options.port, host);
    running.push({
      stop: () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    });
    const { port, dynamoDbPort, s3Port, sqsPort, mailPort, signInPort } = options;
    const forgetPorts = recordPorts(options.dataDir, config.id, { url, port, dynamoDbPort, s3Port, sqsPort, mailPort, signInPort, mailboxUrl: mail.mailboxUrl, pid: process.pid });
    running.push({ stop: async () => forgetPorts() });
    return { url, mailboxUrl: mail.mailboxUrl, config, seed, streamDrained: () => stream.drained(), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A thread's function as the caller's handler type (the authorizer is called with no context). */
const invoker = <H>(fn: LocalFunction) =>
  ((event: unknown, context?: Parameters<LocalFunction['invoke']>[1]) => fn.invoke(event, context ?? lambdaContext('local-authorizer', DEFAULT_TIMEOUT_SECONDS * 1000))) as H;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalCityError(`Port ${port} (the city API) is already in use: PORT=<port> npm start`) : error),
    );
    server.listen(port, host, () => resolvePromise());
  });
}

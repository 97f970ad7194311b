// A whole city on this machine: DynamoDB Local + s3rver + the import queue's stand-in + the route table
// served by the same handlers that run in Lambda (and the import worker, fed by the queue). Used by `npm start`, the integration tests and the benchmarks.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { cityEnvironment } from '../definitions/city-env';
import { parseCityConfig, type CityConfig } from '../definitions/city-config';
import { TABLE_NAME_ENV } from '../definitions/table';
import { apiKeyAuthorizer, routeGroups, type RouteGroupName } from '../definitions/routes';
import { BUCKET_NAME_ENV, S3_FORCE_PATH_STYLE_ENV } from '../definitions/bucket';
import { IMPORT_MAX_RECEIVES, IMPORT_QUEUE_URL_ENV, IMPORT_WORKER_ENTRY, IMPORT_WORKER_TIMEOUT_SECONDS } from '../definitions/import-jobs';
import { answerClientError, createRequestListener, gatewayAuthorizer, type AuthorizerHandler, type GroupHandler } from './http-adapter';
import { ensureBucket, ensureTable } from './provision';
import { loadLocalSecrets, saveLocalSecrets } from './secrets';
import { API_KEY_PEPPER_ENV } from '../definitions/pepper';
import { SIGNING_KEY_PEM_ENV } from '../definitions/signing';
import { checkJava, checkPortFree, startDynamoDbLocal, startS3rver, LocalCityError, type RunningService } from './services';
import { startLocalQueue, type SqsHandler } from './queue';
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
  /** Everything the city writes lives here; it survives restarts. */
  dataDir: string;
  /** Powertools log level for the handlers. */
  logLevel: string;
  /** Print one line per request. */
  accessLog: boolean;
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
  return {
    cityId: env.CITY ?? 'demo',
    port: port('PORT', 3000),
    dynamoDbPort: port('DYNAMODB_PORT', 8000),
    s3Port: port('S3_PORT', 4569),
    sqsPort: port('SQS_PORT', 9324),
    dataDir: resolve(repoRoot, env.LOCAL_DATA_DIR ?? '.local'),
    logLevel: env.LOG_LEVEL ?? 'WARN',
    accessLog: env.ACCESS_LOG !== 'false',
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
  config: CityConfig;
  seed: SeedReport;
  stop(): Promise<void>;
}

export async function startLocalCity(options: LocalCityOptions): Promise<LocalCity> {
  const config = loadCityConfig(options.cityId);
  // Lambda runs Node 24; locally Node 20 is supported, so the SDK's notice about Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  checkJava();
  await checkPortFree(options.port, 'the city API', 'PORT');
  await checkPortFree(options.dynamoDbPort, 'DynamoDB Local', 'DYNAMODB_PORT');
  await checkPortFree(options.s3Port, 's3rver', 'S3_PORT');
  await checkPortFree(options.sqsPort, 'the import queue', 'SQS_PORT');

  const cityDir = join(options.dataDir, config.id);
  const running: RunningService[] = [];
  const stopAll = async () => {
    for (const service of running.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamoDbLocal(options.dynamoDbPort, join(cityDir, 'dynamodb'));
    running.push(dynamo);
    const s3 = await startS3rver(options.s3Port, join(cityDir, 's3'));
    running.push(s3);
    const queue = await startLocalQueue(options.sqsPort, join(cityDir, 'sqs'), `city-${config.id}-imports.fifo`);
    running.push(queue);

    const url = `http://localhost:${options.port}`;
    const tableName = `city-${config.id}`;
    const bucketName = `city-${config.id}-badges`;
    const secretsFile = join(cityDir, 'secrets.json');
    const secrets = loadLocalSecrets(secretsFile);
    // The handlers read their environment when first imported, exactly as in Lambda.
    Object.assign(process.env, {
      [API_KEY_PEPPER_ENV]: secrets.apiKeyPepper,
      [SIGNING_KEY_PEM_ENV]: secrets.signingKeyPem,
      ...cityEnvironment(config, url),
      [TABLE_NAME_ENV]: tableName,
      [BUCKET_NAME_ENV]: bucketName,
      [S3_FORCE_PATH_STYLE_ENV]: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: queue.endpoint,
      [IMPORT_QUEUE_URL_ENV]: queue.queueUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: options.logLevel,
    });
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
    const handlers = await loadHandlers();
    const authorizer = (await import(pathToFileURL(join(repoRoot, apiKeyAuthorizer.entry)).href)) as { handler: AuthorizerHandler };
    // The import worker runs in this process, fed by the queue stand-in as Lambda's event source would.
    const worker = (await import(pathToFileURL(join(repoRoot, IMPORT_WORKER_ENTRY)).href)) as { handler: SqsHandler };
    queue.consume(worker.handler, {
      timeoutSeconds: IMPORT_WORKER_TIMEOUT_SECONDS,
      maxReceives: IMPORT_MAX_RECEIVES,
      onError: (error) => console.error('[local] import worker failed:', error),
    });
    const server = createServer(
      createRequestListener({
        domainName: `localhost:${options.port}`,
        handlers,
        authorize: gatewayAuthorizer(authorizer.handler),
        onError: (error) => console.error('[local] handler failed:', error),
        onResponse: options.accessLog
          ? ({ method, path, status, ms }) => console.log(`[local] ${method} ${path} ${status} ${ms.toFixed(1)}ms`)
          : undefined,
      }),
    );
    server.on('clientError', answerClientError);
    await listen(server, options.port);
    running.push({
      stop: () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    });
    const { port, dynamoDbPort, s3Port, sqsPort } = options;
    const forgetPorts = recordPorts(options.dataDir, config.id, { url, port, dynamoDbPort, s3Port, sqsPort, pid: process.pid });
    running.push({ stop: async () => forgetPorts() });
    return { url, config, seed, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function loadHandlers(): Promise<Record<RouteGroupName, GroupHandler>> {
  const entries = await Promise.all(
    (Object.entries(routeGroups) as [RouteGroupName, { entry: string }][]).map(async ([name, group]) => {
      const module = (await import(pathToFileURL(join(repoRoot, group.entry)).href)) as { handler: GroupHandler };
      return [name, module.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<RouteGroupName, GroupHandler>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalCityError(`Port ${port} (the city API) is already in use: PORT=<port> npm start`) : error),
    );
    server.listen(port, () => resolvePromise());
  });
}

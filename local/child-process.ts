// Runs `npm start`'s entry point (local/start.ts) as a child process, as a user would, on free ports
// and a data folder of the caller's choosing. Used by the integration tests and the benchmarks.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'city-test-'));

export interface CityProcess {
  url: string;
  ports: { port: number; dynamoDbPort: number; s3Port: number; sqsPort: number; mailPort: number; signInPort: number };
  /** The local mailbox: its page, and its mails as JSON at /store (test/support/mailbox.ts). */
  mailboxUrl: string;
  output: () => string;
  /** Resolves once every stream consumer has handled every record written so far. */
  streamDrained: () => Promise<void>;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop: () => Promise<number | null>;
  exited: Promise<number | null>;
}

export interface CityProcessOptions {
  dataDir: string;
  ports?: CityProcess['ports'];
  env?: Record<string, string>;
  waitForReady?: boolean;
  /** How long to wait for the city to answer /health. @default 120_000 */
  readyTimeoutMs?: number;
}

/** The local city's own answer when a port it was given is taken (local/city.ts). */
// The city's own message when its probe finds a port taken, or Node's when the port was taken after the
// probe and before a service bound it (the sign-in provider, the queue).
const PORT_TAKEN = /is already in use|EADDRINUSE/;
const PORT_ATTEMPTS = 3;

/**
 * Starts the city on the ports given, or on free ones. A free port is only free when it was looked at:
 * another process (another test's city, or one of this city's own services on an ephemeral port) may
 * take it before the city binds it, so a city on ports of our choosing that finds one taken is started
 * again on new ones.
 */
export async function runCityProcess(options: CityProcessOptions): Promise<CityProcess> {
  if (options.ports) return startCityProcess(options, options.ports);
  for (let attempt = 1; ; attempt++) {
    const ports = { port: await freePort(), dynamoDbPort: await freePort(), s3Port: await freePort(), sqsPort: await freePort(), mailPort: await freePort(), signInPort: await freePort() };
    try {
      return await startCityProcess(options, ports);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !(error instanceof CityExitedError) || !PORT_TAKEN.test(error.output)) throw error;
    }
  }
}

class CityExitedError extends Error {
  constructor(
    code: number,
    readonly output: string,
  ) {
    super(`The local city exited with ${code}:\n${output}`);
  }
}

async function startCityProcess(options: CityProcessOptions, ports: CityProcess['ports']): Promise<CityProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: {
      ...process.env,
      PORT: String(ports.port),
      DYNAMODB_PORT: String(ports.dynamoDbPort),
      S3_PORT: String(ports.s3Port),
      SQS_PORT: String(ports.sqsPort),
      MAIL_PORT: String(ports.mailPort),
      SIGN_IN_PORT: String(ports.signInPort),
      LOCAL_DATA_DIR: options.dataDir,
      ACCESS_LOG: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // One question at a time is enough for a test; answers come back in the order asked.
  const drainWaiters: (() => void)[] = [];
  child.on('message', (message) => {
    if (message === 'stream-drained') drainWaiters.shift()?.();
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${ports.port}`;
  const city: CityProcess = {
    url,
    mailboxUrl: `http://127.0.0.1:${ports.mailPort}/`,
    ports,
    output: () => output,
    exited,
    streamDrained: () =>
      new Promise<void>((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error('The local city has stopped'));
        drainWaiters.push(resolve);
        child.send('stream-drained?');
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
  if (options.waitForReady !== false) {
    // A city starts DynamoDB Local (a JVM) and a thread per function: on a busy (shared) machine that takes minutes.
    const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
    for (;;) {
      if (child.exitCode !== null) throw new CityExitedError(child.exitCode, output);
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await city.stop();
        throw new Error(`The local city did not become ready:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return city;
}

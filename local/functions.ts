// Each function of the local city (every route group, the API key authorizer, the import worker) runs
// in a worker thread of its own, as each is a Lambda function of its own in AWS: its own module graph
// and its own process.env, holding only what its grants give it (definitions/function-grants.ts), so
// a function that reads a resource it was not granted fails here as it would once deployed. Each runs
// from a bundle made as Lambda's are (lib/lambda-bundling.ts: esbuild, AWS SDK external).
//
// Why threads: handlers read their environment once, when their modules load (as in Lambda), and share
// modules (data/client.ts, auth/city-secret.ts); in one module graph the first group to load a module
// would fix its settings for every other group. A thread per function gives each its own graph, with no
// change to the handlers. Why bundles: a thread that loaded TypeScript through tsx would need tsx's
// loader (and its own loader thread) in every worker, which doubled the city's start-up time and
// quadrupled its memory; a bundle is plain JavaScript, loaded as Lambda loads it.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { lambdaBundling } from '../lib/lambda-bundling';
import { LocalCityError } from './services';

/** The context's plain fields and the time left; the thread rebuilds the methods. */
type PlainContext = Omit<Context, 'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'> & { remainingMs: number };

export type ToThread = { kind: 'invoke'; id: string; event: unknown; context: PlainContext } | { kind: 'stop' };
type FromThread =
  | { kind: 'ready' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'result'; id: string; result: unknown }
  | { kind: 'error'; id: string; error: unknown };

export interface LocalFunction {
  invoke(event: unknown, context: Context): Promise<unknown>;
  /** Tells running invocations their time is up, waits for them, and ends the thread. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

export interface FunctionBundles {
  /** The bundle of each function, by name. */
  entries: Record<string, string>;
  /** The thread's own code (local/function-runtime.ts). */
  runtime: string;
  remove(): void;
}

/**
 * Bundles the functions (`name` → handler module, relative to `repoRoot`) as Lambda's are, for this
 * Node version, with source maps, into `outDir`, which must lie inside the repository so that the AWS
 * SDK (left out of the bundles, as the Lambda runtime provides it) resolves from its node_modules.
 */
export async function bundleFunctions(functions: Record<string, string>, repoRoot: string, outDir: string): Promise<FunctionBundles> {
  rmSync(outDir, { recursive: true, force: true });
  removeAbandoned(dirname(outDir));
  await build({
    entryPoints: { ...Object.fromEntries(Object.entries(functions).map(([name, entry]) => [name, join(repoRoot, entry)])), 'function-runtime': join(import.meta.dirname, 'function-runtime.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    mainFields: [...lambdaBundling.mainFields],
    external: [...lambdaBundling.externalModules],
    banner: { js: lambdaBundling.banner },
    alias: Object.fromEntries(Object.entries(lambdaBundling.aliases).map(([from, to]) => [from, resolve(repoRoot, to)])),
    sourcemap: true,
    logLevel: 'error',
  });
  return {
    entries: Object.fromEntries(Object.keys(functions).map((name) => [name, join(outDir, `${name}.mjs`)])),
    runtime: join(outDir, 'function-runtime.mjs'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

/** Bundles left by a city process that is gone (stopped before it had started, say): folders named by process id. */
function removeAbandoned(parent: string): void {
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      process.kill(Number(name), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

/** Starts the bundled function `name` in a thread of its own, with exactly `env` as its environment. */
export async function startFunction(bundles: FunctionBundles, name: string, env: Record<string, string>): Promise<LocalFunction> {
  const entry = bundles.entries[name];
  if (!entry) throw new Error(`No bundle for the ${name} function`);
  const thread = new Worker(bundles.runtime, { env, workerData: { entry }, execArgv: ['--enable-source-maps'], name });
  const pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let exited = false;

  await new Promise<void>((resolve, reject) => {
    const onStart = (message: FromThread) => {
      if (message.kind === 'ready') resolve();
      else if (message.kind === 'failed') {
        const cause = message.error instanceof Error ? message.error.message : String(message.error);
        reject(new LocalCityError(`The ${name} function failed to load with its environment (${Object.keys(env).sort().join(', ')}): ${cause}`));
      }
      if (message.kind === 'ready' || message.kind === 'failed') thread.off('message', onStart);
    };
    thread.on('message', onStart);
    thread.once('error', reject);
  }).catch(async (error: unknown) => {
    await thread.terminate();
    throw error;
  });

  thread.on('message', (message: FromThread) => {
    if (message.kind !== 'result' && message.kind !== 'error') return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.kind === 'result') waiting?.resolve(message.result);
    else waiting?.reject(message.error);
  });
  const failAll = (error: unknown) => {
    exited = true;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  thread.on('error', failAll);
  thread.on('exit', () => failAll(new Error(`The ${name} function's thread has ended`)));

  const inFlight = new Set<Promise<unknown>>();
  return {
    invoke(event, context) {
      if (exited) return Promise.reject(new Error(`The ${name} function has stopped`));
      const id = randomUUID();
      const { getRemainingTimeInMillis, done: _done, fail: _fail, succeed: _succeed, ...fields } = context;
      const result = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      const settled = result.catch(() => undefined).finally(() => inFlight.delete(settled));
      inFlight.add(settled);
      thread.postMessage({ kind: 'invoke', id, event, context: { ...fields, remainingMs: getRemainingTimeInMillis() } } satisfies ToThread);
      return result;
    },
    async stop() {
      if (exited) return;
      thread.postMessage({ kind: 'stop' } satisfies ToThread);
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
      await thread.terminate();
    },
  };
}

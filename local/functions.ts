// Each function of the local city (every route group, the API key authorizer, the import worker) runs
// in a worker thread of its own, as each is a Lambda function of its own in AWS: its own module graph
// and its own process.env, holding only what its grants give it (definitions/function-grants.ts), so
// a function that reads a resource it was not granted fails here as it would once deployed.
//
// Why threads: handlers read their environment once, when their modules load (as in Lambda), and share
// modules (data/client.ts, auth/city-secret.ts); in one module graph the first group to load a module
// would fix its settings for every other group. A thread per function gives each its own graph, with no
// change to the handlers, at the cost of one thread (some tens of MB) per function.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
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

export async function startFunction(name: string, entry: string, env: Record<string, string>): Promise<LocalFunction> {
  const thread = new Worker(new URL('./function-thread.mjs', import.meta.url), { env, workerData: { entry }, execArgv: [], name });
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

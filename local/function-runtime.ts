// Inside a local function's thread (local/functions.ts), bundled beside the functions: loads the
// function's bundle with this thread's environment (only the function's own) as Lambda loads it into a
// container, then runs each invocation the main thread hands over and hands back the answer.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import type { ToThread } from './functions';

const port = parentPort!;
const { entry } = workerData as { entry: string };
let stopping = false;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let handler: Handler;
try {
  handler = ((await import(pathToFileURL(entry).href)) as { handler: Handler }).handler;
  port.postMessage({ kind: 'ready' });
} catch (error) {
  // Lambda's init error: the function never answers. The main thread says so and stops the city.
  port.postMessage({ kind: 'failed', error });
}

port.on('message', (message: ToThread) => {
  if (message.kind === 'stop') {
    stopping = true;
    return;
  }
  const { id, event, context } = message;
  const deadline = Date.now() + context.remainingMs;
  const { remainingMs: _remaining, ...fields } = context;
  const lambdaContext: Context = {
    ...fields,
    // Once the city is stopping, the function is told its time is up, so a long job checkpoints.
    getRemainingTimeInMillis: () => (stopping ? 0 : Math.max(0, deadline - Date.now())),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  handler(event, lambdaContext).then(
    (result) => port.postMessage({ kind: 'result', id, result }),
    (error: unknown) => port.postMessage({ kind: 'error', id, error }),
  );
});

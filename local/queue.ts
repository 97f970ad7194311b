// The local stand-in for the import queue (SQS FIFO with a Lambda event source): an HTTP endpoint that
// speaks SQS's JSON protocol for what the functions call (SendMessage, ChangeMessageVisibility), so the
// same AWS SDK code runs against it, and a poller that hands each message to the worker handler as an
// SQS event, in process, like the Lambda event source mapping: one message group (one job) at a time,
// in order; a failed message comes back after its visibility timeout, and goes to a dead-letter folder
// after maxReceives deliveries. Messages are files under the city's data folder, deleted only once
// handled, so a job that was in progress when the city stopped carries on when it starts again.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEFAULT_HOST, localEndpoint, type RunningService } from './services';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

interface StoredMessage {
  messageId: string;
  sequence: number;
  body: string;
  groupId: string;
  deduplicationId?: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
}

interface Pending extends StoredMessage {
  file: string;
  /** Not delivered before this time (epoch ms): a failed delivery's visibility timeout. */
  visibleAt: number;
  /** Set while a delivery is in progress. */
  receiptHandle?: string;
}

export interface ConsumerOptions {
  /** The Lambda timeout the worker is given (its context's remaining time counts down from it). */
  timeoutSeconds: number;
  maxReceives: number;
  /** Seconds a failed message stays hidden unless the handler says otherwise (ChangeMessageVisibility). */
  visibilityTimeoutSeconds?: number;
  /** Deliveries at once (each to a different message group). */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

export interface LocalQueue extends RunningService {
  endpoint: string;
  queueUrl: string;
  /** Starts delivering messages, those kept from an earlier run first. */
  consume(handler: SqsHandler, options: ConsumerOptions): void;
  /** Messages not yet handled (waiting or in delivery). */
  depth(): number;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const DRAIN_MS = 15_000;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export async function startLocalQueue(port: number, dataDir: string, queueName: string, host = DEFAULT_HOST): Promise<LocalQueue> {
  const dir = join(dataDir, queueName);
  const deadLetterDir = join(dir, 'dead-letter');
  mkdirSync(deadLetterDir, { recursive: true });
  const endpoint = localEndpoint(host, port);
  const queueUrl = `${endpoint}/000000000000/${queueName}`;

  const pending: Pending[] = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ ...(JSON.parse(readFileSync(join(dir, name), 'utf8')) as StoredMessage), file: join(dir, name), visibleAt: 0 }))
    .sort((a, b) => a.sequence - b.sequence);
  let sequence = pending.at(-1)?.sequence ?? 0;
  const deduplication = new Map<string, { messageId: string; at: number }>();
  const save = (message: Pending) => {
    const { file, visibleAt: _visibleAt, receiptHandle: _receiptHandle, ...stored } = message;
    writeFileSync(`${file}.tmp`, JSON.stringify(stored));
    renameSync(`${file}.tmp`, file);
  };

  let consumer: { handler: SqsHandler; options: Required<Omit<ConsumerOptions, 'onError'>> & Pick<ConsumerOptions, 'onError'> } | undefined;
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  function send(input: Record<string, unknown>): Record<string, unknown> {
    const body = String(input.MessageBody ?? '');
    const groupId = String(input.MessageGroupId ?? '');
    if (!body) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    if (!groupId) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
    const deduplicationId = input.MessageDeduplicationId === undefined ? md5(body) : String(input.MessageDeduplicationId);
    const now = Date.now();
    const seen = deduplication.get(deduplicationId);
    if (seen && now - seen.at < DEDUPLICATION_WINDOW_MS) return { MessageId: seen.messageId, MD5OfMessageBody: md5(body) };
    const message: Pending = {
      messageId: randomUUID(),
      sequence: ++sequence,
      body,
      groupId,
      deduplicationId,
      sentAt: now,
      receiveCount: 0,
      file: join(dir, `${String(sequence).padStart(12, '0')}.json`),
      visibleAt: now + Number(input.DelaySeconds ?? 0) * 1000,
    };
    save(message);
    pending.push(message);
    deduplication.set(deduplicationId, { messageId: message.messageId, at: now });
    setImmediate(pump);
    return { MessageId: message.messageId, MD5OfMessageBody: md5(body), SequenceNumber: String(message.sequence) };
  }

  function changeVisibility(input: Record<string, unknown>): Record<string, unknown> {
    const message = pending.find((m) => m.receiptHandle !== undefined && m.receiptHandle === input.ReceiptHandle);
    if (!message) throw new SqsError('ReceiptHandleIsInvalid', 'The receipt handle is not valid (or its message is no longer in flight).');
    message.visibleAt = Date.now() + Number(input.VisibilityTimeout ?? 0) * 1000;
    return {};
  }

  /** Delivers every message that may go now: the first waiting message of each group not already in delivery. */
  function pump(): void {
    if (!consumer || stopping) return;
    clearTimeout(timer);
    const now = Date.now();
    const blocked = new Set<string>();
    let nextVisible = Infinity;
    for (const message of pending) {
      if (inFlight.size >= consumer.options.concurrency) break;
      if (blocked.has(message.groupId)) continue;
      // FIFO: a group's later messages wait for its earlier ones to be handled.
      blocked.add(message.groupId);
      if (message.receiptHandle) continue;
      if (message.visibleAt > now) {
        nextVisible = Math.min(nextVisible, message.visibleAt);
        continue;
      }
      const delivery = deliver(message).finally(() => {
        inFlight.delete(delivery);
        setImmediate(pump);
      });
      inFlight.add(delivery);
    }
    if (nextVisible !== Infinity) timer = setTimeout(pump, Math.max(10, nextVisible - now));
  }

  async function deliver(message: Pending): Promise<void> {
    const { handler, options } = consumer!;
    const receiptHandle = randomBytes(16).toString('base64url');
    message.receiptHandle = receiptHandle;
    message.receiveCount++;
    message.firstReceivedAt ??= Date.now();
    // Failed deliveries come back after the visibility timeout, unless the handler sets another.
    message.visibleAt = Date.now() + options.visibilityTimeoutSeconds * 1000;
    save(message);
    const event: SQSEvent = {
      Records: [
        {
          messageId: message.messageId,
          receiptHandle,
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
            MessageGroupId: message.groupId,
            ...(message.deduplicationId ? { MessageDeduplicationId: message.deduplicationId } : {}),
            SequenceNumber: String(message.sequence),
          },
          messageAttributes: {},
          md5OfBody: md5(message.body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
          awsRegion: 'local',
        },
      ],
    };
    let failed: boolean;
    try {
      const result = await handler(event, workerContext(queueName, options.timeoutSeconds, () => stopping));
      failed = (result?.batchItemFailures ?? []).some((failure) => failure.itemIdentifier === message.messageId);
    } catch (error) {
      options.onError?.(error);
      failed = true;
    }
    message.receiptHandle = undefined;
    // A delivery cut short by the city stopping is repeated on the next start, however often it failed.
    if (failed && stopping) return;
    if (!failed) {
      pending.splice(pending.indexOf(message), 1);
      rmSync(message.file, { force: true });
    } else if (message.receiveCount >= options.maxReceives) {
      pending.splice(pending.indexOf(message), 1);
      renameSync(message.file, join(deadLetterDir, `${String(message.sequence).padStart(12, '0')}.json`));
      options.onError?.(new Error(`Message ${message.messageId} failed ${message.receiveCount} times: moved to ${deadLetterDir}`));
    }
  }

  const server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      if (input.QueueUrl !== undefined && !String(input.QueueUrl).endsWith(`/${queueName}`)) {
        throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${String(input.QueueUrl)}`);
      }
      if (target === 'AmazonSQS.SendMessage') reply(200, send(input));
      else if (target === 'AmazonSQS.ChangeMessageVisibility') reply(200, changeVisibility(input));
      else throw new SqsError('UnsupportedOperation', `The local queue does not implement ${target || 'this request'}`);
    } catch (error) {
      const type = error instanceof SqsError ? error.type : 'InternalError';
      reply(error instanceof SqsError ? 400 : 500, { __type: `com.amazonaws.sqs#${type}`, message: (error as Error).message });
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  return {
    endpoint,
    queueUrl,
    depth: () => pending.length,
    consume(handler, options) {
      consumer = { handler, options: { visibilityTimeoutSeconds: 10, concurrency: 2, ...options } };
      setImmediate(pump);
    },
    stop: async () => {
      // The worker's remaining time drops to zero, so it stops after its chunk in hand and queues the
      // rest; the endpoint stays up until then. A delivery that outlasts the wait is simply repeated
      // on the next start (its message file is still here) and resumes from its checkpoint.
      stopping = true;
      clearTimeout(timer);
      await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function workerContext(queueName: string, timeoutSeconds: number, stopping: () => boolean): Context {
  const started = Date.now();
  const functionName = `local-${queueName}-worker`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => (stopping() ? 0 : Math.max(0, timeoutSeconds * 1000 - (Date.now() - started))),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

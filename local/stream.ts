// The local city's event source mappings: DynamoDB Local's stream (the Streams API: DescribeStream,
// GetShardIterator, GetRecords, over every shard, parents before children) read for each consumer of
// definitions/consumers.ts and handed to the same handler Lambda runs, in the same way: batches of at
// most the consumer's batch size, only the records its filter wants, in shard order; a reported
// failure delivers that record and the ones after it again, a batch that throws is halved (bisect);
// after streamDelivery.maxRetries retries of one record (or once a record is older than the maximum
// age) it is written to the consumer's dead-letter folder and the consumer moves past it.
//
// Each consumer's position, per shard, is a checkpoint file under the city's data folder
// (.local/<city>/stream/<consumer>.json), written only after its records are handled: a city stopped
// half-way through a batch delivers that batch again when it starts, and the consumers' idempotency
// (functions/stream/consumer.ts) makes the second delivery change nothing.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { consumerWants, DEFAULT_CONSUMER_TIMEOUT_SECONDS, streamDelivery, type StreamConsumer, type StreamEventName } from '../definitions/consumers';
import { lambdaContext } from './http-adapter';
import type { RunningService } from './services';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

interface ShardCheckpoint {
  /** The last record handled (delivered, filtered out or given up); absent: from the shard's start. */
  after?: string;
  /** Read to its end: its children may start. */
  closed?: boolean;
}

interface Checkpoints {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  /** The consumer's checkpoints and dead letters live here. */
  dataDir: string;
  consumers: Record<string, { definition: StreamConsumer; handler: StreamHandler }>;
  /** Milliseconds between reads of a shard that had nothing new. @default 250 (Lambda polls a shard four times a second) */
  idleMs?: number;
  onError?: (error: unknown) => void;
}

export interface StreamPoller extends RunningService {
  /** Resolves once every consumer has handled every record written so far (for tests and benchmarks). */
  drained(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A record as Lambda hands it over: the SDK's, with the creation time in epoch seconds and the stream's ARN. */
function lambdaRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb!;
  return {
    eventID: record.eventID,
    eventName: record.eventName as StreamEventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: data.ApproximateCreationDateTime ? Math.floor(new Date(data.ApproximateCreationDateTime).getTime() / 1000) : undefined,
      Keys: data.Keys as never,
      ...(data.NewImage ? { NewImage: data.NewImage as never } : {}),
      ...(data.OldImage ? { OldImage: data.OldImage as never } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
  };
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region: 'us-east-1', credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'us-east-1', credentials });
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const idleMs = options.idleMs ?? 250;
  let stopping = false;
  const loops: Promise<void>[] = [];
  // Waiters for a consumer to catch up: each is resolved after two passes in a row found nothing new
  // (the first may have read its shards before the write the waiter cares about).
  const caughtUp = new Map<string, { resolve: () => void; passes: number }[]>();

  for (const [name, { definition, handler }] of Object.entries(options.consumers)) {
    const dir = join(options.dataDir, 'stream');
    const deadLetterDir = join(dir, 'dead-letter', name);
    mkdirSync(deadLetterDir, { recursive: true });
    const file = join(dir, `${name}.json`);
    const read = (): Checkpoints => {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as Checkpoints;
        // A table made anew has a new stream: positions in the old one mean nothing.
        if (stored.streamArn === streamArn) return stored;
      } catch {
        // No checkpoint yet: from the oldest record kept.
      }
      return { streamArn, shards: {} };
    };
    const checkpoints = read();
    const save = () => {
      writeFileSync(`${file}.tmp`, JSON.stringify(checkpoints));
      renameSync(`${file}.tmp`, file);
    };
    const waiting: { resolve: () => void; passes: number }[] = [];
    caughtUp.set(name, waiting);
    const timeoutMs = (definition.timeoutSeconds ?? DEFAULT_CONSUMER_TIMEOUT_SECONDS) * 1000;
    const iterators = new Map<string, string | undefined>();
    const attempts = new Map<string, number>();
    const limits = new Map<string, number>();

    const iteratorFor = async (shardId: string): Promise<string | undefined> => {
      if (iterators.has(shardId)) return iterators.get(shardId);
      const after = checkpoints.shards[shardId]?.after;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      iterators.set(shardId, ShardIterator);
      return ShardIterator;
    };

    const giveUp = (shardId: string, record: SdkRecord, reason: string, tries: number) => {
      const sequence = record.dynamodb!.SequenceNumber!;
      // What AWS's on-failure destination is told (where the record is), with the record itself.
      writeFileSync(
        join(deadLetterDir, `${shardId}-${sequence}.json`),
        JSON.stringify({ consumer: name, reason, attempts: tries, shardId, streamArn, sequenceNumber: sequence, record: lambdaRecord(record, streamArn) }, null, 2),
      );
      options.onError?.(new Error(`Stream record ${sequence} (${name}) given up after ${tries} attempts (${reason}): written to ${deadLetterDir}`));
    };

    /** Handles one batch of one shard; true when it read something (or retried), false when the shard had nothing new. */
    const step = async (shard: Shard): Promise<boolean> => {
      const shardId = shard.ShardId!;
      const iterator = await iteratorFor(shardId);
      const position = (checkpoints.shards[shardId] ??= {});
      if (!iterator) {
        position.closed = true;
        save();
        return false;
      }
      const limit = limits.get(shardId) ?? definition.batchSize;
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      if (Records.length === 0) {
        iterators.set(shardId, NextShardIterator);
        if (!NextShardIterator) {
          position.closed = true;
          save();
        }
        return false;
      }
      const now = Date.now();
      const fresh = (record: SdkRecord) => now - new Date(record.dynamodb!.ApproximateCreationDateTime ?? now).getTime() <= streamDelivery.maxRecordAgeSeconds * 1000;
      const wanted = Records.filter((r) => consumerWants(definition, String(r.dynamodb?.Keys?.pk?.S ?? ''), r.eventName as StreamEventName));
      for (const record of wanted.filter((r) => !fresh(r))) giveUp(shardId, record, 'older than the maximum record age', 0);
      const batch = wanted.filter(fresh);
      let failedAt: number | undefined;
      let threw = false;
      if (batch.length > 0) {
        try {
          const result = await handler({ Records: batch.map((r) => lambdaRecord(r, streamArn)) }, lambdaContext(`local-${name}-consumer`, timeoutMs));
          const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          const first = Records.findIndex((r) => failed.has(r.dynamodb!.SequenceNumber!));
          if (first >= 0) failedAt = first;
        } catch (error) {
          options.onError?.(error);
          threw = true;
          failedAt = Records.indexOf(batch[0]!);
        }
      }
      // A delivery cut short by the city stopping is simply made again on the next start.
      if (stopping && failedAt !== undefined) return true;
      if (failedAt === undefined) {
        position.after = Records.at(-1)!.dynamodb!.SequenceNumber!;
        iterators.set(shardId, NextShardIterator);
        limits.delete(shardId);
        save();
        return true;
      }
      // Everything before the failed record is done; it and the rest come again from a new iterator.
      const failed = Records[failedAt]!;
      const sequence = failed.dynamodb!.SequenceNumber!;
      if (failedAt > 0) position.after = Records[failedAt - 1]!.dynamodb!.SequenceNumber!;
      iterators.delete(shardId);
      const tries = (attempts.get(sequence) ?? 0) + 1;
      attempts.set(sequence, tries);
      const alone = !threw || batch.length === 1 || limit === 1;
      if (tries > streamDelivery.maxRetries && alone) {
        giveUp(shardId, failed, threw ? 'the consumer failed' : 'reported as failed', tries);
        position.after = sequence;
        attempts.delete(sequence);
        limits.delete(shardId);
      } else if (threw) {
        // Bisect: the next try takes half the batch, until the record that fails is alone.
        limits.set(shardId, Math.max(1, Math.ceil(limit / 2)));
      }
      save();
      await sleep(Math.min(100 * tries, 1000));
      return true;
    };

    loops.push(
      (async () => {
        while (!stopping) {
          let busy = false;
          try {
            const shards: Shard[] = [];
            let start: string | undefined;
            do {
              const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
              shards.push(...(StreamDescription?.Shards ?? []));
              start = StreamDescription?.LastEvaluatedShardId;
            } while (start);
            const known = new Set(shards.map((s) => s.ShardId));
            // A child shard waits until its parent (if the stream still holds it) has been read to its end.
            const ready = shards.filter((s) => !checkpoints.shards[s.ShardId!]?.closed && (!s.ParentShardId || !known.has(s.ParentShardId) || checkpoints.shards[s.ParentShardId]?.closed));
            for (const shard of ready) {
              if (stopping) break;
              if (await step(shard)) busy = true;
            }
          } catch (error) {
            if (stopping) break;
            // An expired or trimmed iterator: start again from the checkpoint.
            iterators.clear();
            options.onError?.(error);
            busy = true;
            await sleep(idleMs);
          }
          for (const waiter of [...waiting]) {
            waiter.passes = busy ? 2 : waiter.passes - 1;
            if (waiter.passes > 0) continue;
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.resolve();
          }
          if (!busy) await sleep(idleMs);
        }
      })(),
    );
  }

  return {
    drained: () =>
      Promise.all(
        [...caughtUp.values()].map((waiting) => new Promise<void>((resolve) => waiting.push({ resolve, passes: 2 }))),
      ).then(() => undefined),
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      streams.destroy();
    },
  };
}

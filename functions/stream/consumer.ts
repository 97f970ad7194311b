// The one wrapper of every stream consumer (definitions/consumers.ts): it turns DynamoDB Streams records
// into typed changes (old and new images unmarshalled) and hands them to the consumer one at a time, in
// stream order, through Powertools batch processing, which reports the records that failed
// (ReportBatchItemFailures) so that only they and the records after them are delivered again.
//
// Delivery is at least once: a record comes again after a failure later in its batch, a crash or a
// timeout, and again after a replay. So every consumer is idempotent by construction, not by luck: each
// effect is a conditional write keyed by a deterministic effect id (functions/data/stream-effects.ts:
// the effect's marker, written in the effect's own transaction; or an id the effect already has, as a
// milestone award's derived id), never by "have I seen this record": a marker of the record written
// before or after its effects would lose or repeat an effect on a crash between the two.
//
// Once a record fails, the later records of the batch are not attempted (they fail at once): the stream
// keeps each item's changes in order, and a consumer must never apply a later change before an earlier
// one. Lambda resumes from the first failed record, which Powertools reports.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamEventName } from '../../definitions/consumers';
import { logger } from '../http/logger';
import { flushMetrics } from '../http/observability';

type Item = Record<string, unknown>;

/** One change of one item of the city table, as a consumer sees it. */
export interface StreamChange {
  /** Unique per record, the same on every delivery of it. */
  eventId: string;
  /** The record's place in its shard (ordered within one item's changes). */
  sequenceNumber: string;
  name: StreamEventName;
  keys: { pk: string; sk: string };
  /** The item before the change (MODIFY, REMOVE). */
  oldImage?: Item;
  /** The item after the change (INSERT, MODIFY). */
  newImage?: Item;
  /** When the change was written, to the second. */
  at: Date;
}

/**
 * An attribute value with no type is an empty map: the local city's stream (DynamoDB Local through the
 * SDK's Streams client) hands `{"M": {}}` over as `{}`, which unmarshall refuses. Lambda never does.
 */
const typed = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  const attribute = value as Record<string, unknown>;
  if (Object.keys(attribute).length === 0) return { M: {} };
  if (attribute.M) return { M: Object.fromEntries(Object.entries(attribute.M as Record<string, unknown>).map(([k, v]) => [k, typed(v)])) };
  if (attribute.L) return { L: (attribute.L as unknown[]).map(typed) };
  return attribute;
};

const image = (value: Record<string, unknown> | undefined): Item | undefined =>
  value ? (unmarshall(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(v)])) as Record<string, AttributeValue>) as Item) : undefined;

/** The typed change a stream record stands for. */
export function changeOf(record: DynamoDBRecord): StreamChange {
  const data = record.dynamodb;
  const keys = image(data?.Keys);
  if (!record.eventID || !record.eventName || !data?.SequenceNumber || typeof keys?.pk !== 'string' || typeof keys.sk !== 'string') {
    throw new Error('A stream record without its id, event name, sequence number or keys');
  }
  const oldImage = image(data.OldImage);
  const newImage = image(data.NewImage);
  return {
    eventId: record.eventID,
    sequenceNumber: data.SequenceNumber,
    name: record.eventName,
    keys: { pk: keys.pk, sk: keys.sk },
    ...(oldImage ? { oldImage } : {}),
    ...(newImage ? { newImage } : {}),
    at: new Date((data.ApproximateCreationDateTime ?? 0) * 1000),
  };
}

export type ChangeHandler = (change: StreamChange, context: Context) => Promise<void>;

/** Thrown for the records after a failed one: not attempted, so that each item's changes keep their order. */
export class NotAttempted extends Error {
  override name = 'NotAttempted';
}

/**
 * A Lambda handler for a stream consumer: `handle` is called for each change, in order; a change whose
 * handler throws is reported failed, with every later record of the batch. A batch that fails as a
 * whole throws (Powertools' FullBatchFailureError), so that Lambda bisects it.
 */
export function streamConsumer(name: string, handle: ChangeHandler) {
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    logger.addContext(context);
    let failed = false;
    const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
      if (failed) throw new NotAttempted('an earlier record of this batch failed');
      try {
        await handle(changeOf(record), context);
      } catch (error) {
        failed = true;
        logger.error('stream record failed', { consumer: name, eventId: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber, error: error as Error });
        throw error;
      }
    };
    try {
      // A processor per invocation: the local city may hand one thread two shards' batches at once.
      return await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.DynamoDBStreams), { context, processInParallel: false });
    } finally {
      flushMetrics();
    }
  };
}

// Safe retries for creating routes: a request with an Idempotency-Key header runs once; repeating it
// (same key, same API key, same route and body) answers the first response again, and reusing the key
// with another body is refused. Powertools idempotency, persisted in the city table under pk
// IDEMPOTENCY#<0-f>, expiring after a day. Requests without the header are not deduplicated.
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamo, cityTable } from '../data/client';
import { tableDefinition } from '../../definitions/table';
import { DomainError } from '../domain/errors';
import { open, seal, sealedKeyId } from '../domain/sealed-text';
import { cityKeys } from '../auth/city-secret';
import { IDEMPOTENCY_HEADER, IdempotencyKeySchema } from './idempotency-key';
import type { Reply } from './reply';

const REFUSED = 'cities-of-learning.idempotency.refused';

/** The records' partitions: IDEMPOTENCY#0 to IDEMPOTENCY#f. */
export const idempotencyPartition = (recordKey: string) => `IDEMPOTENCY#${createHash('sha256').update(recordKey).digest('hex')[0]}`;

/**
 * Powertools keeps every record of a table with a sort key in one static partition, which takes about
 * 1,000 writes a second; each record's partition is taken from a hash of its own key instead, so the
 * city's records spread over 16 (docs/performance.md, hot keys). Lookups compute the same partition.
 */
class ShardedPersistenceLayer extends DynamoDBPersistenceLayer {
  protected override getKey(idempotencyKey: string) {
    return { [tableDefinition.partitionKey]: { S: idempotencyPartition(idempotencyKey) }, [tableDefinition.sortKey]: { S: idempotencyKey } };
  }
}

/**
 * A replayed answer is stored for a day. Where it holds personal data (an award's answer names the
 * learner, if the provider gave a name), it is kept sealed under the city's key for names, bound to its
 * record, as the award keeps the name itself: never in the clear in the table (nor in its exports).
 */
class SealedPersistenceLayer extends ShardedPersistenceLayer {
  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    if (record.responseData !== undefined) {
      record.responseData = { sealed: seal(JSON.stringify(record.responseData), await cityKeys('sealed-names'), recordKey(record)) };
    }
    return super._updateRecord(record);
  }

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    return opened(await super._getRecord(idempotencyKey));
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await super._putRecord(record);
    } catch (error) {
      // A record already there is answered again from its stored answer: open that too.
      if (error instanceof IdempotencyItemAlreadyExistsError && error.existingRecord) await opened(error.existingRecord);
      throw error;
    }
  }
}

/** The record's own key: a record read back names it as its sort key (its partition is the shard). */
const recordKey = (record: IdempotencyRecord) => record.sortKey ?? record.idempotencyKey;

async function opened(record: IdempotencyRecord): Promise<IdempotencyRecord> {
  const data = record.responseData as { sealed?: unknown } | undefined;
  if (typeof data?.sealed === 'string') {
    record.responseData = JSON.parse(open(data.sealed, await cityKeys('sealed-names', [sealedKeyId(data.sealed)]), recordKey(record))) as never;
  }
  return record;
}

const storeOptions = {
  tableName: cityTable.name,
  keyAttr: tableDefinition.partitionKey,
  sortKeyAttr: tableDefinition.sortKey,
  expiryAttr: tableDefinition.timeToLiveAttribute,
  awsSdkV3Client: dynamo,
};

const config = new IdempotencyConfig({
  // Scoped to the caller's API key and the route: two providers' keys never collide.
  eventKeyJmesPath: '[requestContext.authorizer.lambda.keyPrefix, requestContext.routeKey, rawPath, headers."idempotency-key"]',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: 24 * 60 * 60,
});

/** Safe retries for a route; `sealed` for a route whose answer holds personal data (its group holds the city's secret). */
export const idempotency = (options: { sealed: boolean }): MiddlewareObj<APIGatewayProxyEventV2, Reply> => {
  const persistenceStore = options.sealed ? new SealedPersistenceLayer(storeOptions) : new ShardedPersistenceLayer(storeOptions);
  return guarded(makeHandlerIdempotent({ persistenceStore, config }) as MiddlewareObj<APIGatewayProxyEventV2, Reply>);
};

const guarded = (inner: MiddlewareObj<APIGatewayProxyEventV2, Reply>): MiddlewareObj<APIGatewayProxyEventV2, Reply> => ({
  before: async (request) => {
    const key = request.event.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return undefined;
    if (!IdempotencyKeySchema.safeParse(key).success) {
      throw new DomainError('invalid', 'Invalid request: header Idempotency-Key must be 8-255 visible ASCII characters', [
        { in: 'header', field: 'Idempotency-Key', detail: 'must be 8-255 visible ASCII characters' },
      ]);
    }
    try {
      return await inner.before?.(request);
    } catch (error) {
      // Refused here (in progress elsewhere, or another body): the record is the first request's, and
      // must not be cleaned up by this request's error handling.
      (request.internal as Record<string, unknown>)[REFUSED] = true;
      throw error;
    }
  },
  after: async (request) => {
    if (request.event.headers[IDEMPOTENCY_HEADER] !== undefined) await inner.after?.(request);
  },
  onError: async (request) => {
    if (request.event.headers[IDEMPOTENCY_HEADER] !== undefined && (request.internal as Record<string, unknown>)[REFUSED] !== true) await inner.onError?.(request);
  },
});

// Safe retries for creating routes: a request with an Idempotency-Key header runs once; repeating it
// (same key, same API key, same route and body) answers the first response again, and reusing the key
// with another body is refused. Powertools idempotency, persisted in the city table under pk
// IDEMPOTENCY#<0-f>, expiring after a day. Requests without the header are not deduplicated.
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamo, cityTable } from '../data/client';
import { tableDefinition } from '../../definitions/table';
import { DomainError } from '../domain/errors';
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

const persistenceStore = new ShardedPersistenceLayer({
  tableName: cityTable.name,
  keyAttr: tableDefinition.partitionKey,
  sortKeyAttr: tableDefinition.sortKey,
  expiryAttr: tableDefinition.timeToLiveAttribute,
  awsSdkV3Client: dynamo,
});

const config = new IdempotencyConfig({
  // Scoped to the caller's API key and the route: two providers' keys never collide.
  eventKeyJmesPath: '[requestContext.authorizer.lambda.keyPrefix, requestContext.routeKey, rawPath, headers."idempotency-key"]',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: 24 * 60 * 60,
});

const inner = makeHandlerIdempotent({ persistenceStore, config }) as MiddlewareObj<APIGatewayProxyEventV2, Reply>;

export const idempotency = (): MiddlewareObj<APIGatewayProxyEventV2, Reply> => ({
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

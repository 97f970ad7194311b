// The Powertools side of safe retries (functions/http/idempotency.ts): the records' store in the city
// table and the middleware that reads and writes them. A module of its own, loaded by the first request
// that carries an Idempotency-Key, so that a cold start of a group with creating routes (most of whose
// requests carry none, and all of whose reads never do) does not parse Powertools and JMESPath.
import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamo, cityTable } from '../data/client';
import { tableDefinition } from '../../definitions/table';
import { open, seal, sealedKeyId } from '../domain/sealed-text';
import { cityKeys } from '../auth/city-secret';
import { idempotencyPartition } from './idempotency';
import type { Reply } from './reply';

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

/** Powertools' middleware over the records; `sealed` for a route whose answer holds personal data. */
export const idempotentMiddleware = (sealed: boolean): MiddlewareObj<APIGatewayProxyEventV2, Reply> =>
  makeHandlerIdempotent({ persistenceStore: sealed ? new SealedPersistenceLayer(storeOptions) : new ShardedPersistenceLayer(storeOptions), config }) as MiddlewareObj<
    APIGatewayProxyEventV2,
    Reply
  >;

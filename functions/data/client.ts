// The DynamoDB document client and table name, created once per Lambda container, and the two ways
// every entity module reads and writes its indexes: `indexKey` (one definition of an index's keys, used
// by the writer and the reader alike) and `queryPage` (one page of a partition, in the order asked for).
// Locally the AWS SDK reaches DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../env';
import { TABLE_NAME_ENV, tableDefinition } from '../../definitions/table';

export const dynamo = new DynamoDBClient({});
export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * The city's one table: its physical name (TABLE_NAME, set by the stack or the local city) with the key
 * schema it was created with, so a data module names an index the table really has.
 */
export interface CityTable {
  readonly name: string;
  readonly indexes: typeof tableDefinition.indexes;
}

export const cityTable: CityTable = { name: requiredEnv(TABLE_NAME_ENV), indexes: tableDefinition.indexes };

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];
type Keyed = IndexName | 'table';

const keyAttributes = (index: Keyed) => {
  const definition = tableDefinition.indexes.find((i) => i.name === index);
  return definition ? { partition: definition.partitionKey, sort: definition.sortKey } : { partition: tableDefinition.partitionKey, sort: tableDefinition.sortKey };
};

/**
 * How an entity sits in one GSI: which partition it goes under (built from `parts`) and how it sorts in
 * it (built from the item). The writer takes `attributes` and the reader `partition`, from this one
 * definition, so the two cannot disagree.
 */
export function indexKey<P extends unknown[], S>(index: IndexName, partition: (...parts: P) => string, sort: (item: S) => string) {
  const names = keyAttributes(index);
  return {
    index,
    partition,
    sort,
    /** The item attributes that list `item` in this index, under the partition of `parts`. */
    attributes: (item: S, ...parts: P): Record<string, string> => ({ [names.partition]: partition(...parts), [names.sort]: sort(item) }),
  };
}

export interface KeyPage<T> {
  items: T[];
  /** DynamoDB's LastEvaluatedKey: never shown raw (functions/http/pagination.ts signs it into a cursor). */
  next?: Record<string, unknown>;
}

export interface PageQuery<T> {
  /** A GSI, or the table's own key. */
  index: Keyed;
  partition: string;
  /** By the sort key: `descending` lists newest first where the sort key starts with a time. */
  order: 'ascending' | 'descending';
  parse: (item: Record<string, unknown>) => T;
  limit: number;
  start: Record<string, unknown> | undefined;
}

/** One page of one partition of the table or of a GSI, in the order asked for. */
export async function queryPage<T>(query: PageQuery<T>): Promise<KeyPage<T>> {
  const page = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      ...(query.index === 'table' ? {} : { IndexName: query.index }),
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': keyAttributes(query.index).partition },
      ExpressionAttributeValues: { ':pk': query.partition },
      ScanIndexForward: query.order === 'ascending',
      Limit: query.limit,
      ExclusiveStartKey: query.start,
    }),
  );
  return { items: (page.Items ?? []).map(query.parse), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Writes every request, 25 at a time, retrying unprocessed ones with backoff; throws if any remain. */
async function batchWrite(requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_SIZE) {
    let pending = requests.slice(start, start + BATCH_SIZE);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [cityTable.name]: pending } }));
      pending = (result.UnprocessedItems?.[cityTable.name] ?? []) as typeof pending;
    }
  }
}

/** Puts every item, 25 at a time, retrying unprocessed items with backoff; throws if any remain. */
export const putAll = (items: Record<string, unknown>[]): Promise<void> => batchWrite(items.map((Item) => ({ PutRequest: { Item } })));

/** Deletes every key, 25 at a time, as putAll puts. */
export const deleteAll = (keys: Record<string, unknown>[]): Promise<void> => batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));

// The DynamoDB document client and the city's table, created once per Lambda container. Locally the AWS
// SDK reaches DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../env';
import { TABLE_NAME_ENV, tableDefinition } from '../../definitions/table';

export const dynamo = new DynamoDBClient({});
export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

/** One of the table's global secondary indexes, as definitions/table.ts declares them. */
export type IndexName = (typeof tableDefinition.indexes)[number]['name'];

/**
 * The city's one table: its physical name (TABLE_NAME, set by the stack or the local city) with the key
 * schema it was created with, so a data module names an index the table really has.
 */
export interface CityTable {
  readonly name: string;
  readonly indexes: typeof tableDefinition.indexes;
}

export const cityTable: CityTable = { name: requiredEnv(TABLE_NAME_ENV), indexes: tableDefinition.indexes };

/** The partition key attribute of one of the table's indexes. */
export const indexPartitionKey = (index: IndexName) => cityTable.indexes.find((candidate) => candidate.name === index)!.partitionKey;

/** The bare name: the old export, kept while data/awards.ts and data/imports.ts (changed elsewhere) use it. */
export const table = cityTable.name;

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

/** Puts every item, 25 at a time, retrying unprocessed items with backoff; throws if any remain. */
export async function putAll(items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let pending = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [cityTable.name]: pending } }));
      pending = (result.UnprocessedItems?.[cityTable.name] ?? []) as typeof pending;
    }
  }
}

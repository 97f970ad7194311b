// The DynamoDB document client and table name, created once per Lambda container. Locally the AWS SDK
// reaches DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../env';
import { TABLE_NAME_ENV } from '../../definitions/table';

export const dynamo = new DynamoDBClient({});
export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

export const table = requiredEnv(TABLE_NAME_ENV);

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

/** Puts every item, 25 at a time, retrying unprocessed items with backoff; throws if any remain. */
export async function putAll(items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let pending = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

// Reading every page of a query (a partition, or one key of an index), through lib-dynamodb's own
// paginator; one page at a time, with a cursor, is `queryPage` (functions/data/client.ts).
import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { cityTable, db } from './client';

/** Every item the query answers, reading page after page. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: db }, { TableName: cityTable.name, ...input })) items.push(...(page.Items ?? []));
  return items;
}

/** Every item of one partition whose sort key starts with `skPrefix`. */
export const queryAllWithPrefix = (partition: string, skPrefix: string, options: { consistent?: boolean; projection?: string } = {}) =>
  queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': skPrefix },
    ...(options.consistent ? { ConsistentRead: true } : {}),
    ...(options.projection ? { ProjectionExpression: options.projection } : {}),
  });

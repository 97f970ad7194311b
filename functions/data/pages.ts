// One page of a Query on a known key, newest first (descending sort key): the shape every list
// access pattern shares.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cityTable, db, indexPartitionKey, type IndexName } from './client';

export interface KeyPage<T> {
  items: T[];
  /** DynamoDB's LastEvaluatedKey: never shown raw (functions/http/pagination.ts signs it into a cursor). */
  next?: Record<string, unknown>;
}

export async function queryNewestFirst<T>(
  index: IndexName,
  partition: string,
  parse: (item: Record<string, unknown>) => T,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<KeyPage<T>> {
  const page = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: index,
      KeyConditionExpression: `${indexPartitionKey(index)} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: (page.Items ?? []).map(parse), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}

/** Every item of one partition whose sort key starts with `skPrefix`, reading page after page. */
export async function queryAllWithPrefix(
  partition: string,
  skPrefix: string,
  options: { consistent?: boolean; projection?: string } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: cityTable.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': skPrefix },
        ...(options.consistent ? { ConsistentRead: true } : {}),
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

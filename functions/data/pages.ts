// Reading a whole partition (every item under a sort key prefix), and the older newest-first page
// reader that functions/data/awards.ts still uses until it moves to `queryPage` (functions/data/client.ts).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryPage, cityTable, type IndexName, type KeyPage } from './client';

/** One page of a GSI partition, newest first: `queryPage` with the order fixed (awards.ts only). */
export const queryNewestFirst = <T>(
  index: IndexName,
  partition: string,
  parse: (item: Record<string, unknown>) => T,
  limit: number,
  start: Record<string, unknown> | undefined,
): Promise<KeyPage<T>> => queryPage({ index, partition, order: 'descending', parse, limit, start });

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

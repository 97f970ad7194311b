// Reading a whole partition (every item under a sort key prefix); one page at a time is `queryPage`
// (functions/data/client.ts).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cityTable, db } from './client';

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

// Fixed-window rate limits in the city table: pk RATE#<scope>#<key>#<window start>, sk RATE, one
// atomic ADD per event, refused (conditionally) once the window's limit is reached; TTL at the
// window's end. Keys are hashes or ids, never an address in clear.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, cityTable } from './client';

export const rateKeys = {
  window: (scope: string, key: string, windowStart: number) => ({ pk: `RATE#${scope}#${key}#${windowStart}`, sk: 'RATE' }),
};

/** Counts one event; false when the window already holds `limit` (nothing is counted then). */
export async function takeRateToken(scope: string, key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
  const windowStart = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
  try {
    await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: rateKeys.window(scope, key, windowStart),
        UpdateExpression: 'ADD hits :one SET expiresAt = :end',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':end': windowStart + windowSeconds },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

// API key records: pk APIKEY#<prefix>, sk KEY. Listed per owner on gsi1 (OWNER#<providerId | city>#KEYS).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyRecordSchema, type ApiKeyRecord } from '../domain/api-keys';
import { DomainError, notFound } from '../domain/errors';
import { db, indexKey, cityTable } from './client';

/** Every key an API key record is stored or listed under. */
export const apiKeyKeys = {
  record: (prefix: string) => ({ pk: `APIKEY#${prefix}`, sk: 'KEY' }),
  /** A provider's keys, or the city admins' (no provider), by when each was made (written for the list to come). */
  byOwner: indexKey(
    'gsi1',
    (providerId: string | undefined) => `OWNER#${providerId ?? 'city'}#KEYS`,
    (record: Pick<ApiKeyRecord, 'createdAt' | 'prefix'>) => `${record.createdAt}#${record.prefix}`,
  ),
};

export async function putApiKey(record: ApiKeyRecord): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: { ...apiKeyKeys.record(record.prefix), ...apiKeyKeys.byOwner.attributes(record, record.providerId), ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Strongly consistent, so that a revocation takes effect on the very next request. */
export async function getApiKey(prefix: string): Promise<ApiKeyRecord | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: apiKeyKeys.record(prefix), ConsistentRead: true }));
  return Item ? ApiKeyRecordSchema.parse(Item) : undefined;
}

/**
 * Whether the key is revoked, read strongly consistent on every authenticated request: the authorizer's
 * answer is cached, a revocation must still take effect on the very next request.
 */
export async function isApiKeyRevoked(prefix: string): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({ TableName: cityTable.name, Key: apiKeyKeys.record(prefix), ConsistentRead: true, ProjectionExpression: 'revokedAt' }),
  );
  return !Item || Item.revokedAt !== undefined;
}

/** Records use at most once per interval per key, so that busy keys do not cost a write per request. */
export async function touchApiKey(prefix: string, now: Date, intervalMs: number): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: apiKeyKeys.record(prefix),
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':stale': new Date(now.getTime() - intervalMs).toISOString() },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/** Revokes at once (reads are strongly consistent). Revoking twice is a conflict, not a silent success. */
export async function revokeApiKey(prefix: string, now: Date): Promise<{ prefix: string; revokedAt: string }> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: apiKeyKeys.record(prefix),
        UpdateExpression: 'SET revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    throw (await getApiKey(prefix)) ? new DomainError('conflict', `API key ${prefix} is already revoked`) : notFound(`API key ${prefix}`);
  }
  return { prefix, revokedAt: now.toISOString() };
}

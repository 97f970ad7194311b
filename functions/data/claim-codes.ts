// Claim sets and their codes. A set: pk CLAIMSET#<id>, sk SET, listed per badge class on gsi1. Each
// code: pk CLAIMCODE#<SHA-256 of the code>, sk CODE, holding how often it has been used and how often it
// may be (listed under its set on gsi1, for counting); beside it, sk USE#<learner's keyed hash> for each
// learner who used it. A use is one
// transaction: the code's count goes up only while below its limit (and before its expiry), and the
// learner's use item is written only if absent, so a learner who scans twice uses a code once, and a
// shared code with limit N is used N times however many learners race for it.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ClaimSetSchema, type ClaimSet } from '../domain/claim-codes';
import { DomainError, notFound } from '../domain/errors';
import { cityTable, db, indexKey, putAll, queryPage } from './client';
import { queryAll } from './pages';

/** Every key a claim set, its codes, their uses and their rate counters are stored or listed under. */
export const claimCodeKeys = {
  set: (id: string) => ({ pk: `CLAIMSET#${id}`, sk: 'SET' }),
  byBadgeClass: indexKey('gsi1', (badgeClassId: string) => `BADGECLASS#${badgeClassId}#CLAIMSETS`, (set: Pick<ClaimSet, 'createdAt' | 'id'>) => `${set.createdAt}#${set.id}`),
  code: (hash: string) => ({ pk: `CLAIMCODE#${hash}`, sk: 'CODE' }),
  bySet: indexKey('gsi1', (setId: string) => `CLAIMSET#${setId}#CODES`, (code: { index: number }) => String(code.index).padStart(4, '0')),
  use: (hash: string, recipientKey: string) => ({ pk: `CLAIMCODE#${hash}`, sk: `USE#${recipientKey}` }),
};

const named = (error: unknown, name: string) => (error as Error | undefined)?.name === name;
const reasons = (error: unknown) => ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);

/** A code as stored: which set, its place in it, and its uses. */
export interface StoredCode {
  setId: string;
  index: number;
  uses: number;
  usesPerCode: number;
  validUntil?: string;
}

/**
 * Stores the codes first and the set last, conditional on its absence: until the set exists no code
 * claims anything (a claim reads the set), so a creation that fails half-way leaves only inert codes,
 * and its retry (a new set id) makes a whole new set.
 */
export async function putClaimSet(set: ClaimSet, codeHashes: string[]): Promise<void> {
  await putAll(
    codeHashes.map((hash, index) => ({
      ...claimCodeKeys.code(hash),
      ...claimCodeKeys.bySet.attributes({ index }, set.id),
      setId: set.id,
      index,
      uses: 0,
      usesPerCode: set.usesPerCode,
      ...(set.validUntil ? { validUntil: set.validUntil } : {}),
    })),
  );
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: { ...claimCodeKeys.set(set.id), ...claimCodeKeys.byBadgeClass.attributes(set, set.badgeClassId), ...set },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

const parseSet = (item: Record<string, unknown>) => ClaimSetSchema.parse(item);

export async function getClaimSet(id: string): Promise<ClaimSet | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: claimCodeKeys.set(id) }));
  return Item ? parseSet(Item) : undefined;
}

/** A badge class's claim sets, newest first. */
export const listClaimSetsByBadgeClass = (badgeClassId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({ index: claimCodeKeys.byBadgeClass.index, partition: claimCodeKeys.byBadgeClass.partition(badgeClassId), order: 'descending', parse: parseSet, limit, start });

/** Revoking twice is a conflict. */
export async function revokeClaimSet(id: string, now: Date): Promise<ClaimSet> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: claimCodeKeys.set(id),
        UpdateExpression: 'SET revoked = :revoked',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revoked)',
        ExpressionAttributeValues: { ':revoked': { at: now.toISOString() } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return parseSet(Attributes!);
  } catch (error) {
    if (!named(error, 'ConditionalCheckFailedException')) throw error;
    if (!(await getClaimSet(id))) throw notFound(`Claim set ${id}`);
    throw new DomainError('conflict', `Claim set ${id} is revoked already`);
  }
}

/** The code with this hash, if one was ever made. */
export async function getClaimCode(hash: string): Promise<StoredCode | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: claimCodeKeys.code(hash), ConsistentRead: true }));
  if (!Item) return undefined;
  return { setId: String(Item.setId), index: Number(Item.index), uses: Number(Item.uses), usesPerCode: Number(Item.usesPerCode), ...(Item.validUntil ? { validUntil: String(Item.validUntil) } : {}) };
}

/** How often the set's codes have been used, all together (from the index: a moment behind at most). */
export async function countClaimSetUses(setId: string): Promise<number> {
  const codes = await queryAll({
    IndexName: claimCodeKeys.bySet.index,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': claimCodeKeys.bySet.partition(setId) },
    ProjectionExpression: 'uses',
  });
  return codes.reduce((sum, item) => sum + Number(item.uses ?? 0), 0);
}

/**
 * `reserved`: this call used the code for the learner. `reserved-before`: the learner used it already
 * (an earlier scan; its award may still be owed). `used-up` or `expired`: not for them. Throws on a
 * transaction conflict (another learner's use at the same moment): the caller retries.
 */
export type UseResult = 'reserved' | 'reserved-before' | 'used-up' | 'expired';

export async function reserveClaimUse(hash: string, recipientKey: string, now: Date, extra: Record<string, string>): Promise<UseResult> {
  const at = now.toISOString();
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: cityTable.name,
              Key: claimCodeKeys.code(hash),
              UpdateExpression: 'ADD #uses :one',
              ConditionExpression: 'attribute_exists(pk) AND #uses < usesPerCode AND (attribute_not_exists(validUntil) OR validUntil > :now)',
              ExpressionAttributeNames: { '#uses': 'uses' },
              ExpressionAttributeValues: { ':one': 1, ':now': at },
            },
          },
          { Put: { TableName: cityTable.name, Item: { ...claimCodeKeys.use(hash, recipientKey), at, ...extra }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return 'reserved';
  } catch (error) {
    if (!named(error, 'TransactionCanceledException')) throw error;
    const [code, use] = reasons(error);
    if (use === 'ConditionalCheckFailed') return 'reserved-before';
    if (code !== 'ConditionalCheckFailed') throw Object.assign(new Error('A claim conflicted with another; retry'), { name: 'TransactionConflictException' });
    const stored = await getClaimCode(hash);
    if (stored?.validUntil && stored.validUntil <= at) return 'expired';
    return 'used-up';
  }
}

/** Gives a use back (the learner turned out to hold the badge already): the count down, their use item gone, together. */
export async function releaseClaimUse(hash: string, recipientKey: string): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: cityTable.name, Key: claimCodeKeys.code(hash), UpdateExpression: 'ADD #uses :minus', ExpressionAttributeNames: { '#uses': 'uses' }, ExpressionAttributeValues: { ':minus': -1 } } },
          { Delete: { TableName: cityTable.name, Key: claimCodeKeys.use(hash, recipientKey), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    // Given back already by an earlier attempt: nothing to do.
    if (named(error, 'TransactionCanceledException') && reasons(error)[1] === 'ConditionalCheckFailed') return;
    throw error;
  }
}

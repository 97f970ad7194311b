// Award items: pk AWARD#<id>, sk AWARD, listed by badge class (gsi1), by provider (gsi2) and by learner
// (gsi3, under a keyed hash of the email). Each provider's revocation list lives beside them:
// pk STATUSLIST#<providerId>, sk LIST holds the next free index; sk REVOKED#<index> marks each revoked
// award. One list per provider, because a status list credential is issued by the same issuer as the
// credentials whose status it carries.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AwardSchema, type Award } from '../domain/awards';
import { DomainError, notFound } from '../domain/errors';
import { db, cityTable } from './client';
import { queryAllWithPrefix, queryNewestFirst } from './pages';

const awardKey = (id: string) => ({ pk: `AWARD#${id}`, sk: 'AWARD' });
const listPk = (list: string) => `STATUSLIST#${list}`;
const revokedSk = (index: number) => `REVOKED#${String(index).padStart(9, '0')}`;

/**
 * Each award takes the next bit of the revocation list; a batch takes `count` consecutive bits in one
 * update, and gets the first. A failed award leaves an unused bit, never a shared one.
 */
export async function allocateStatusIndices(list: string, count: number): Promise<number> {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: cityTable.name,
      Key: { pk: listPk(list), sk: 'LIST' },
      UpdateExpression: 'ADD nextIndex :count',
      ExpressionAttributeValues: { ':count': count },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.nextIndex) - count;
}

export async function putAward(award: Award, recipientKey: string): Promise<void> {
  const sortKey = `${award.issuedOn}#${award.id}`;
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: {
        ...awardKey(award.id),
        gsi1pk: `BADGECLASS#${award.badgeClassId}#AWARDS`,
        gsi1sk: sortKey,
        gsi2pk: `PROVIDER#${award.issuerId}#AWARDS`,
        gsi2sk: sortKey,
        gsi3pk: `RECIPIENT#${recipientKey}`,
        gsi3sk: sortKey,
        ...award,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Whether this learner (by keyed hash) already holds an award of this badge class. */
export async function holdsAward(recipientKey: string, badgeClassId: string): Promise<boolean> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: cityTable.name,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :recipient',
        FilterExpression: 'badgeClassId = :badgeClassId',
        ExpressionAttributeValues: { ':recipient': `RECIPIENT#${recipientKey}`, ':badgeClassId': badgeClassId },
        ProjectionExpression: 'pk',
        ExclusiveStartKey,
      }),
    );
    if (page.Items?.length) return true;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return false;
}

/** Strongly consistent: whether an award with this id is stored (a retried import row asks just after a crash). */
export async function awardExists(id: string): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKey(id), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return Item !== undefined;
}

export async function getAward(id: string): Promise<Award | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKey(id) }));
  return Item ? AwardSchema.parse(Item) : undefined;
}

const parseAward = (item: Record<string, unknown>) => AwardSchema.parse(item);

/** A badge class's awards, newest first. */
export const listAwardsByBadgeClass = (badgeClassId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryNewestFirst('gsi1', `BADGECLASS#${badgeClassId}#AWARDS`, parseAward, limit, start);

/** A provider's awards, of every badge class, newest first. */
export const listAwardsByProvider = (providerId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryNewestFirst('gsi2', `PROVIDER#${providerId}#AWARDS`, parseAward, limit, start);

/** Marks the award and sets its bit, together; revoking twice is a conflict. */
export async function revokeAward(award: Award, reason: string, now: Date): Promise<Award> {
  const revoked = { at: now.toISOString(), reason };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: cityTable.name,
              Key: awardKey(award.id),
              UpdateExpression: 'SET revoked = :revoked',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revoked)',
              ExpressionAttributeValues: { ':revoked': revoked },
            },
          },
          { Put: { TableName: cityTable.name, Item: { pk: listPk(award.issuerId), sk: revokedSk(award.statusListIndex), awardId: award.id } } },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    if (!(await getAward(award.id))) throw notFound(`Award ${award.id}`);
    throw new DomainError('conflict', `Award ${award.id} is already revoked`);
  }
  return { ...award, revoked };
}

/** How many indices a list has handed out: its status list credential must cover them all. */
export async function allocatedIndices(list: string): Promise<number> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: { pk: listPk(list), sk: 'LIST' } }));
  return Number(Item?.nextIndex ?? 0);
}

/** Every revoked index of a list, for building its status list credential. */
export async function revokedIndices(list: string): Promise<number[]> {
  const items = await queryAllWithPrefix(listPk(list), 'REVOKED#', { projection: 'sk' });
  return items.map((item) => Number(String(item.sk).slice('REVOKED#'.length)));
}

// Award items: pk AWARD#<id>, sk AWARD, listed by badge class (gsi1), by provider (gsi2) and by learner
// (gsi3, under a keyed hash of the email), newest awarded first. That a learner holds a badge class is
// its own item, pk HOLDER#<badgeClassId>#<recipientKey>, sk HOLDER, written in the same transaction as
// the award and only if absent: the table itself refuses a second award, however many requests race.
// Each provider's revocation list lives beside them: pk STATUSLIST#<providerId>, sk LIST says how long
// the list is; each award claims a random free index with an item of its own (pk
// STATUSINDEX#<providerId>#<index>), and sk REVOKED#<index> marks each revoked award. One list per
// provider, because a status list credential is issued by the same issuer as the credentials whose
// status it carries.
import { randomInt } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { STATUS_LIST_BITS } from '../domain/credentials/status-list';
import { AwardSchema, type Award } from '../domain/awards';
import { DomainError, notFound } from '../domain/errors';
import { cityTable, db, indexKey, queryPage } from './client';
import { outboxItem, type OutboxEntry } from './notifications';
import { queryAll, queryAllWithPrefix } from './pages';

/** When the city made an award: how every list of awards sorts (newest first). */
const awardedAt = (award: Pick<Award, 'createdAt' | 'id'>) => `${award.createdAt}#${award.id}`;

/** Every key an award, its holder item and its provider's status list are stored or listed under. */
export const awardKeys = {
  award: (id: string) => ({ pk: `AWARD#${id}`, sk: 'AWARD' }),
  holder: (badgeClassId: string, recipientKey: string) => ({ pk: `HOLDER#${badgeClassId}#${recipientKey}`, sk: 'HOLDER' }),
  byBadgeClass: indexKey('gsi1', (badgeClassId: string) => `BADGECLASS#${badgeClassId}#AWARDS`, awardedAt),
  byProvider: indexKey('gsi2', (providerId: string) => `PROVIDER#${providerId}#AWARDS`, awardedAt),
  byRecipient: indexKey('gsi3', (recipientKey: string) => `RECIPIENT#${recipientKey}`, awardedAt),
  statusList: (list: string) => ({ pk: `STATUSLIST#${list}`, sk: 'LIST' }),
  revoked: (list: string, index: number) => ({ pk: `STATUSLIST#${list}`, sk: `REVOKED#${String(index).padStart(9, '0')}` }),
  statusIndex: (list: string, index: number) => ({ pk: `STATUSINDEX#${list}#${index}`, sk: 'CLAIM' }),
};

const named = (error: unknown, name: string) => (error as Error | undefined)?.name === name;

// --- Status list indices -------------------------------------------------------------------------

/**
 * How the list stands: its length (whole minimum lists) and, for lists started before indices were
 * random, the counter they were handed out with (every index below it is taken).
 */
async function readList(list: string): Promise<{ pages: number; floor: number }> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.statusList(list) }));
  const floor = Number(Item?.nextIndex ?? 0);
  const pages = Math.max(Number(Item?.pages ?? 0), Math.ceil((floor + 1) / STATUS_LIST_BITS), 1);
  return { pages, floor };
}

/**
 * How each list stood when this container last read it. A list's length only grows and its floor never
 * moves, so a length read earlier still bounds indices the list has: the list is read once per
 * container (not once per award, a round trip on every award's path), and again only when claims keep
 * colliding, when it may have grown.
 */
const knownLists = new Map<string, { pages: number; floor: number }>();

/** Claims made in a row before the list is taken to be full and grown by one minimum list. */
const CLAIMS_BEFORE_GROWING = 8;

/**
 * A free index of the provider's revocation list, at random (W3C Bitstring Status List, privacy
 * considerations: an index tells nothing about when or in which order a badge was awarded). Each
 * index is claimed by a conditional write of its own item, so two awards never share a bit, and the
 * claims are spread over as many partitions as there are indices: no hot spot. When claims keep
 * colliding (the list is filling), the list grows by one minimum length. A failed award leaves its
 * index claimed and unused, never shared.
 */
export async function claimStatusIndex(list: string, awardId: string): Promise<number> {
  let known = knownLists.get(list);
  for (;;) {
    const { pages, floor } = known ?? (await readList(list));
    knownLists.set(list, { pages, floor });
    const length = pages * STATUS_LIST_BITS;
    for (let attempt = 0; attempt < CLAIMS_BEFORE_GROWING; attempt++) {
      const index = floor + randomInt(length - floor);
      try {
        await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...awardKeys.statusIndex(list, index), awardId }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return index;
      } catch (error) {
        if (!named(error, 'ConditionalCheckFailedException')) throw error;
      }
    }
    await db
      .send(
        new UpdateCommand({
          TableName: cityTable.name,
          Key: awardKeys.statusList(list),
          UpdateExpression: 'SET pages = :next',
          // Grown once however many awards found it full at the same time.
          ConditionExpression: 'attribute_not_exists(pages) OR pages = :pages',
          ExpressionAttributeValues: { ':next': pages + 1, ':pages': pages },
        }),
      )
      .catch((error: unknown) => {
        if (!named(error, 'ConditionalCheckFailedException')) throw error;
      });
    known = undefined;
  }
}

/** How many bits the provider's status list credential must have to cover every index handed out. */
export async function allocatedIndices(list: string): Promise<number> {
  return (await readList(list)).pages * STATUS_LIST_BITS;
}

/** Every revoked index of a list, for building its status list credential. */
export async function revokedIndices(list: string): Promise<number[]> {
  const items = await queryAllWithPrefix(awardKeys.statusList(list).pk, 'REVOKED#', { projection: 'sk' });
  return items.map((item) => Number(String(item.sk).slice('REVOKED#'.length)));
}

// --- Awards --------------------------------------------------------------------------------------

export interface AwardWrite {
  /** The learner's keyed hash (gsi3, and the holder item's key). */
  recipientKey: string;
  /** Whether the learner may hold this badge class once only: then the holder item is written too. */
  unique: boolean;
  /** The email telling the learner, written with the award so that neither exists without the other. */
  outbox?: OutboxEntry;
}

/**
 * What storing an award came to: `created`; `exists`, an award with this id is stored already (a retry
 * of an attempt that got there, with a derived id); `held`, the learner holds this badge class already,
 * as award `awardId`.
 */
export type AwardWriteResult = { status: 'created' } | { status: 'exists' } | { status: 'held'; awardId: string };

/**
 * Stores the award, never over another, with (for a unique badge class) the holder item and (when the
 * learner is to be told) the outbox item, in one transaction conditional on all being absent. Errors
 * other than those conditions (throttling, a transaction conflict) are thrown: nothing was written,
 * and the caller may retry.
 */
export async function putAward(award: Award, { recipientKey, unique, outbox }: AwardWrite): Promise<AwardWriteResult> {
  const item = {
    ...awardKeys.award(award.id),
    ...awardKeys.byBadgeClass.attributes(award, award.badgeClassId),
    ...awardKeys.byProvider.attributes(award, award.issuerId),
    ...awardKeys.byRecipient.attributes(award, recipientKey),
    ...award,
  };
  const absent = 'attribute_not_exists(pk)';
  if (!unique && !outbox) {
    try {
      await db.send(new PutCommand({ TableName: cityTable.name, Item: item, ConditionExpression: absent }));
      return { status: 'created' };
    } catch (error) {
      if (named(error, 'ConditionalCheckFailedException')) return { status: 'exists' };
      throw error;
    }
  }
  const holder = awardKeys.holder(award.badgeClassId, recipientKey);
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: cityTable.name, Item, ConditionExpression: absent } });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          put(item),
          ...(unique ? [put({ ...holder, awardId: award.id, createdAt: award.createdAt })] : []),
          ...(outbox ? [put(outboxItem(outbox))] : []),
        ],
      }),
    );
    return { status: 'created' };
  } catch (error) {
    if (!named(error, 'TransactionCanceledException')) throw error;
    const [awardReason, holderReason] = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
    if (awardReason === 'ConditionalCheckFailed') return { status: 'exists' };
    // The outbox item is absent whenever the award is (it is written only with it): only the holder can refuse.
    if (!unique || holderReason !== 'ConditionalCheckFailed') throw error; // throttled or conflicting: nothing written
    const held = await heldAward(award.badgeClassId, recipientKey);
    // Revoked (and so freed) between the two requests: as if the transaction had conflicted.
    if (!held) throw Object.assign(new Error('The holder item changed during the award; retry'), { name: 'TransactionConflictException' });
    return { status: 'held', awardId: held };
  }
}

/** Strongly consistent: the award by which this learner holds this badge class, if they do. */
export async function heldAward(badgeClassId: string, recipientKey: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.holder(badgeClassId, recipientKey), ConsistentRead: true }));
  return Item ? String(Item.awardId) : undefined;
}

/** Strongly consistent: whether an award with this id is stored (a retry with a derived id asks first). */
export async function awardExists(id: string): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.award(id), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return Item !== undefined;
}

/** The keyed hash of the learner an award went to (its gsi3 partition), to check that a signed-in learner holds it. */
export async function awardRecipientKey(id: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.award(id), ProjectionExpression: 'gsi3pk' }));
  const partition = Item?.gsi3pk;
  return typeof partition === 'string' ? partition.slice(awardKeys.byRecipient.partition('').length) : undefined;
}

const parseAward = (item: Record<string, unknown>) => AwardSchema.parse(item);

/** `consistent`: as just written (a retry answering the award an earlier attempt made). */
export async function getAward(id: string, options: { consistent?: boolean } = {}): Promise<Award | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.award(id), ...(options.consistent ? { ConsistentRead: true } : {}) }));
  return Item ? parseAward(Item) : undefined;
}

/**
 * Every award of the city, a page at a time: a Scan of the whole table, kept to award items. For the
 * re-signing script only (scripts/signing-resign.ts), never on a request path. `limit` bounds the items
 * read per page (before the filter), `start` resumes after the page that answered it.
 */
export async function scanAwards(limit: number, start: Record<string, unknown> | undefined): Promise<{ awards: Award[]; scanned: number; next?: Record<string, unknown> }> {
  const { Items, ScannedCount, LastEvaluatedKey } = await db.send(
    new ScanCommand({
      TableName: cityTable.name,
      FilterExpression: 'sk = :sk AND begins_with(pk, :pk)',
      ExpressionAttributeValues: { ':sk': awardKeys.award('').sk, ':pk': awardKeys.award('').pk },
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { awards: (Items ?? []).map(parseAward), scanned: ScannedCount ?? 0, ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

/**
 * Puts a re-signed credential and the image baked with it in place of the award's, only if the award
 * still names the image `expected` (it has not been re-signed meanwhile). False if it has.
 */
export async function replaceAwardProof(awardId: string, changes: Pick<Award, 'credential' | 'image'>, expected: Award['image']): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: awardKeys.award(awardId),
        UpdateExpression: 'SET #credential = :credential, #image = :image',
        ConditionExpression: '#image = :expected',
        ExpressionAttributeNames: { '#credential': 'credential', '#image': 'image' },
        ExpressionAttributeValues: { ':credential': changes.credential, ':image': changes.image, ':expected': { key: expected.key, type: expected.type } },
      }),
    );
    return true;
  } catch (error) {
    if (named(error, 'ConditionalCheckFailedException')) return false;
    throw error;
  }
}

/** A badge class's awards, newest awarded first (by when the city made them, not the date they carry). */
export const listAwardsByBadgeClass = (badgeClassId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({ index: awardKeys.byBadgeClass.index, partition: awardKeys.byBadgeClass.partition(badgeClassId), order: 'descending', parse: parseAward, limit, start });

/** A provider's awards, of every badge class, newest awarded first. */
export const listAwardsByProvider = (providerId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({ index: awardKeys.byProvider.index, partition: awardKeys.byProvider.partition(providerId), order: 'descending', parse: parseAward, limit, start });

/**
 * A learner's awards under one recipient key, newest awarded first, `before` a position (the gsi3 sort
 * key of the last one already shown): the passport merges one such Query per address.
 */
export async function listAwardsByRecipient(recipientKey: string, limit: number, before?: string): Promise<{ awards: Award[]; more: boolean }> {
  const page = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: awardKeys.byRecipient.index,
      KeyConditionExpression: before ? 'gsi3pk = :pk AND gsi3sk < :before' : 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': awardKeys.byRecipient.partition(recipientKey), ...(before ? { ':before': before } : {}) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return { awards: (page.Items ?? []).map(parseAward), more: page.LastEvaluatedKey !== undefined };
}

/** The recipient key an award went to (its gsi3 partition), strongly consistent: whose passport it is in. */
export async function recipientKeyOfAward(awardId: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.award(awardId), ConsistentRead: true, ProjectionExpression: 'gsi3pk' }));
  return typeof Item?.gsi3pk === 'string' ? Item.gsi3pk.slice(awardKeys.byRecipient.partition('').length) : undefined;
}

/** Where an award sorts in the lists of awards (the passport's cursor holds one). */
export const awardPosition = (award: Pick<Award, 'createdAt' | 'id'>) => awardedAt(award);

/** What the skills profile needs of every award under a recipient key, and nothing heavier (no documents). */
export async function recipientAwardFacts(recipientKey: string): Promise<Pick<Award, 'id' | 'badgeClassId' | 'badgeClassVersion' | 'revoked' | 'createdAt'>[]> {
  const items = await queryAll({
    IndexName: awardKeys.byRecipient.index,
    KeyConditionExpression: 'gsi3pk = :pk',
    ExpressionAttributeValues: { ':pk': awardKeys.byRecipient.partition(recipientKey) },
    ProjectionExpression: 'id, badgeClassId, badgeClassVersion, revoked, createdAt',
  });
  return items.map((item) => ({ id: String(item.id), badgeClassId: String(item.badgeClassId), badgeClassVersion: Number(item.badgeClassVersion), createdAt: String(item.createdAt), ...(item.revoked ? { revoked: item.revoked as Award['revoked'] } : {}) }));
}

/**
 * Marks the award and sets its bit, together; revoking twice is a conflict. A revoked award no longer
 * counts as holding its badge class: its holder item goes in the same transaction, so the learner can
 * be awarded it again (a corrected award after a mistaken one).
 */
export async function revokeAward(award: Award, reason: string, now: Date): Promise<Award> {
  const revoked = { at: now.toISOString(), reason };
  const { Item: stored } = await db.send(new GetCommand({ TableName: cityTable.name, Key: awardKeys.award(award.id), ConsistentRead: true, ProjectionExpression: 'gsi3pk' }));
  const recipientKey = String(stored?.gsi3pk ?? '').slice(awardKeys.byRecipient.partition('').length);
  const holds = recipientKey !== '' && (await heldAward(award.badgeClassId, recipientKey)) === award.id;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: cityTable.name,
              Key: awardKeys.award(award.id),
              UpdateExpression: 'SET revoked = :revoked',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revoked)',
              ExpressionAttributeValues: { ':revoked': revoked },
            },
          },
          { Put: { TableName: cityTable.name, Item: { ...awardKeys.revoked(award.issuerId, award.statusListIndex), awardId: award.id } } },
          ...(holds
            ? [
                {
                  Delete: {
                    TableName: cityTable.name,
                    Key: awardKeys.holder(award.badgeClassId, recipientKey),
                    ConditionExpression: 'awardId = :awardId',
                    ExpressionAttributeValues: { ':awardId': award.id },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (error) {
    if (!named(error, 'TransactionCanceledException')) throw error;
    const current = await getAward(award.id, { consistent: true });
    if (!current) throw notFound(`Award ${award.id}`);
    if (current.revoked) throw new DomainError('conflict', `Award ${award.id} is already revoked`);
    throw error;
  }
  return { ...award, revoked };
}

// Badge class items: pk BADGECLASS#<id>; sk CURRENT (the latest version, listed per provider on gsi1)
// and sk VERSION#<n> (every version, never changed once written). Access patterns: docs/data-model.md.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BadgeClassSchema, type BadgeClass } from '../domain/badge-classes';
import { DomainError } from '../domain/errors';
import { db, indexKey, queryPage, cityTable } from './client';

/** Every key a badge class is stored or listed under. */
export const badgeClassKeys = {
  current: (id: string) => ({ pk: `BADGECLASS#${id}`, sk: 'CURRENT' }),
  version: (id: string, version: number) => ({ pk: `BADGECLASS#${id}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  /** A provider's badge classes (the CURRENT items), by when each was created. */
  byProvider: indexKey('gsi1', (providerId: string) => `PROVIDER#${providerId}#CLASSES`, (c: Pick<BadgeClass, 'createdAt' | 'id'>) => `${c.createdAt}#${c.id}`),
};

const currentItem = (badgeClass: BadgeClass) => ({
  ...badgeClassKeys.current(badgeClass.id),
  ...badgeClassKeys.byProvider.attributes(badgeClass, badgeClass.issuerId),
  ...badgeClass,
});
const versionItem = (badgeClass: BadgeClass) => ({ ...badgeClassKeys.version(badgeClass.id, badgeClass.version), ...badgeClass });

async function get(key: { pk: string; sk: string }): Promise<BadgeClass | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: key }));
  return Item ? BadgeClassSchema.parse(Item) : undefined;
}

export const getBadgeClass = (id: string) => get(badgeClassKeys.current(id));
export const getBadgeClassVersion = (id: string, version: number) => get(badgeClassKeys.version(id, version));

/**
 * Writes a version and makes it current, in one transaction. `previous` is the version it replaces: if
 * another change got there first the write fails as a conflict instead of losing that change.
 */
export async function putBadgeClassVersion(badgeClass: BadgeClass, previous: BadgeClass | undefined): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: cityTable.name,
              Item: currentItem(badgeClass),
              ...(previous
                ? { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': previous.version } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          { Put: { TableName: cityTable.name, Item: versionItem(badgeClass), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      throw new DomainError('conflict', `Badge class ${badgeClass.id} was changed by another request; read it again and retry`);
    }
    throw error;
  }
}

/** A provider's badge classes (current versions), newest first. */
export const listBadgeClassesByProvider = (providerId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({
    index: badgeClassKeys.byProvider.index,
    partition: badgeClassKeys.byProvider.partition(providerId),
    order: 'descending',
    parse: (item) => BadgeClassSchema.parse(item),
    limit,
    start,
  });

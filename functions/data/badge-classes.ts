// Badge class items: pk BADGECLASS#<id>; sk CURRENT (the latest version, listed per provider on gsi1)
// and sk VERSION#<n> (every version, never changed once written).
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BadgeClassSchema, type BadgeClass } from '../domain/badge-classes';
import { DomainError } from '../domain/errors';
import { cityTable, db } from './client';
import { queryNewestFirst } from './pages';

const pk = (id: string) => `BADGECLASS#${id}`;
const versionSk = (version: number) => `VERSION#${String(version).padStart(6, '0')}`;

const currentItem = (badgeClass: BadgeClass) => ({
  pk: pk(badgeClass.id),
  sk: 'CURRENT',
  gsi1pk: `PROVIDER#${badgeClass.issuerId}#CLASSES`,
  gsi1sk: `${badgeClass.createdAt}#${badgeClass.id}`,
  ...badgeClass,
});
const versionItem = (badgeClass: BadgeClass) => ({ pk: pk(badgeClass.id), sk: versionSk(badgeClass.version), ...badgeClass });

async function get(id: string, sk: string): Promise<BadgeClass | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: { pk: pk(id), sk } }));
  return Item ? BadgeClassSchema.parse(Item) : undefined;
}

export const getBadgeClass = (id: string) => get(id, 'CURRENT');
export const getBadgeClassVersion = (id: string, version: number) => get(id, versionSk(version));

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
  queryNewestFirst('gsi1', `PROVIDER#${providerId}#CLASSES`, (item) => BadgeClassSchema.parse(item), limit, start);

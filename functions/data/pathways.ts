// Pathway items (docs/data-model.md, patterns 23, 23a, 24, 24a and 24b). The pathway item (pk PATHWAY#<id>,
// sk PATHWAY) holds its draft and current published version; each published version is kept, never
// overwritten, at sk VERSION#<n>. While it is published it has index items in its own partition:
// LISTED (every published pathway, gsi3), SKILL#<id> (gsi1) and RULE#<badgeClassId> (gsi2: the rules
// that name a badge class, for the milestone consumer). Publishing and archiving write and remove them
// in one transaction with the pathway item, so a reader never sees an index item of another version.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import { badgeClassesOf } from '../domain/pathway-rules';
import { nameKey, PathwayCardSchema, PathwayRuleEntrySchema, PathwaySchema, PathwayVersionSchema, type Pathway, type PathwayCard, type PathwayRuleEntry, type PathwayVersion } from '../domain/pathways';
import { cityTable, db, queryPage } from './client';
import { queryAll } from './pages';

const pk = (id: string) => `PATHWAY#${id}`;
const MAIN_SK = 'PATHWAY';
const byName = (card: Pick<PathwayCard, 'name' | 'id'>) => `${nameKey(card.name)}#${card.id}`;

/** Every key the pathway items use, built in one place (docs/data-model.md patterns 23-24b). */
export const pathwayKeys = {
  item: (id: string) => ({ pk: pk(id), sk: MAIN_SK }),
  version: (id: string, version: number) => ({ pk: pk(id), sk: `VERSION#${String(version).padStart(6, '0')}` }),
  listed: (card: Pick<PathwayCard, 'name' | 'id'>) => ({ gsi3pk: 'PATHWAYS#PUBLISHED', gsi3sk: byName(card) }),
  bySkill: (skillId: string, card: Pick<PathwayCard, 'name' | 'id'>) => ({ gsi1pk: `SKILL#${skillId}#PATHWAYS`, gsi1sk: byName(card) }),
  byBadgeClass: (badgeClassId: string, pathwayId: string) => ({ gsi2pk: `BADGECLASS#${badgeClassId}#PATHWAYS`, gsi2sk: pathwayId }),
};

type Item = Record<string, unknown>;

export interface StoredPathway {
  pathway: Pathway;
  /** The sort keys of its index items, for the next publish or archive to remove. */
  indexedAs: string[];
}

const mainItem = (pathway: Pathway, indexedAs: string[]): Item => ({ ...pathwayKeys.item(pathway.id), ...pathway, indexedAs });

function indexItems(version: PathwayVersion, card: PathwayCard, pathwayId: string): Item[] {
  const common = { pk: pk(pathwayId) };
  const items: Item[] = [{ ...common, sk: 'LISTED', ...pathwayKeys.listed(card), ...card }];
  for (const skillId of new Set(version.skills)) items.push({ ...common, sk: `SKILL#${skillId}`, ...pathwayKeys.bySkill(skillId, card), ...card });
  const entry: PathwayRuleEntry = { pathwayId, name: version.name, version: version.version, rule: version.rule, ...(version.milestoneBadgeClassId ? { milestoneBadgeClassId: version.milestoneBadgeClassId } : {}) };
  for (const badgeClassId of badgeClassesOf(version.rule)) items.push({ ...common, sk: `RULE#${badgeClassId}`, ...pathwayKeys.byBadgeClass(badgeClassId, pathwayId), ...entry });
  return items;
}

const guard = (previous: { updatedAt: string } | undefined) =>
  previous ? { ConditionExpression: 'updatedAt = :previous', ExpressionAttributeValues: { ':previous': previous.updatedAt } } : { ConditionExpression: 'attribute_not_exists(pk)' };

async function transact(pathwayId: string, items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      throw new DomainError('conflict', `Pathway ${pathwayId} was changed by another request; read it again and retry`);
    }
    throw error;
  }
}

/**
 * Writes the pathway item alone (a new pathway, or its changed draft), keeping the index items it has.
 * `previous` guards against a lost update: another change in between fails this one as a conflict.
 */
export async function putPathway(pathway: Pathway, previous: { updatedAt: string; indexedAs: string[] } | undefined): Promise<void> {
  await transact(pathway.id, [{ Put: { TableName: cityTable.name, Item: mainItem(pathway, previous?.indexedAs ?? []), ...guard(previous) } }]);
}

/**
 * Publishes `pathway.published` (a new version, or the same one again when it comes back from
 * archived): the version item (never overwritten), the pathway item and exactly the index items of that
 * version, removing the previous version's that it no longer has, in one transaction.
 */
export async function publishPathway(pathway: Pathway, card: PathwayCard, previous: { updatedAt: string; indexedAs: string[] }, newVersion: boolean): Promise<void> {
  const version = pathway.published!;
  const items = indexItems(version, card, pathway.id);
  const keep = new Set(items.map((item) => item.sk as string));
  const removed = previous.indexedAs.filter((sk) => !keep.has(sk));
  await transact(pathway.id, [
    { Put: { TableName: cityTable.name, Item: mainItem(pathway, [...keep]), ...guard(previous) } },
    ...(newVersion ? [{ Put: { TableName: cityTable.name, Item: { ...pathwayKeys.version(pathway.id, version.version), ...version }, ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ...items.map((Item) => ({ Put: { TableName: cityTable.name, Item } })),
    ...removed.map((sk) => ({ Delete: { TableName: cityTable.name, Key: { pk: pk(pathway.id), sk } } })),
  ]);
}

/** Archives: the pathway item changed and every index item removed, in one transaction. */
export async function archivePathway(pathway: Pathway, previous: { updatedAt: string; indexedAs: string[] }): Promise<void> {
  await transact(pathway.id, [
    { Put: { TableName: cityTable.name, Item: mainItem(pathway, []), ...guard(previous) } },
    ...previous.indexedAs.map((sk) => ({ Delete: { TableName: cityTable.name, Key: { pk: pk(pathway.id), sk } } })),
  ]);
}

export async function getPathway(id: string, consistent = false): Promise<StoredPathway | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: pathwayKeys.item(id), ...(consistent ? { ConsistentRead: true } : {}) }));
  if (!Item) return undefined;
  return { pathway: PathwaySchema.parse(Item), indexedAs: Array.isArray(Item.indexedAs) ? (Item.indexedAs as string[]) : [] };
}

/** A version as it was published (the evidence of which rule a milestone was awarded under). */
export async function getPathwayVersion(id: string, version: number): Promise<PathwayVersion | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: pathwayKeys.version(id, version) }));
  return Item ? PathwayVersionSchema.parse(Item) : undefined;
}

/** Published pathways, by name. */
export const listPublishedPathways = (limit: number, start: Item | undefined) =>
  queryPage({ index: 'gsi3', partition: pathwayKeys.listed({ name: '', id: '' }).gsi3pk, order: 'ascending', parse: (item) => PathwayCardSchema.parse(item), limit, start });

/** Published pathways that build a skill, by name. */
export const listPathwaysBySkill = (skillId: string, limit: number, start: Item | undefined) =>
  queryPage({ index: 'gsi1', partition: pathwayKeys.bySkill(skillId, { name: '', id: '' }).gsi1pk, order: 'ascending', parse: (item) => PathwayCardSchema.parse(item), limit, start });

/** Every published rule that names the badge class (as a step, or through an opportunity step), whole. */
export async function rulesWithBadgeClass(badgeClassId: string): Promise<PathwayRuleEntry[]> {
  const items = await queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': pathwayKeys.byBadgeClass(badgeClassId, '').gsi2pk } });
  return items.map((item) => PathwayRuleEntrySchema.parse(item));
}

/**
 * For the milestone consumer, on an award (or revocation) of a badge class: the published rules that
 * name it and award a milestone, each with its milestone badge class and version. One Query of one
 * index partition, however many pathways the city has.
 */
export async function milestoneRulesFor(badgeClassId: string): Promise<(PathwayRuleEntry & { milestoneBadgeClassId: string })[]> {
  return (await rulesWithBadgeClass(badgeClassId)).filter((entry): entry is PathwayRuleEntry & { milestoneBadgeClassId: string } => entry.milestoneBadgeClassId !== undefined);
}

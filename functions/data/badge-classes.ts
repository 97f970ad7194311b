// Badge class items: pk BADGECLASS#<id>; sk CURRENT (the latest version, listed per provider on gsi1),
// sk VERSION#<n> (every version, never changed once written) and, while the class is active, sk
// SKILL#<skillId> for each skill it aligns to (listed per skill on gsi1, carrying a summary for the skill
// page), all written in the version's one transaction. Access patterns: docs/data-model.md.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AlignedBadgeClassSchema, BadgeClassSchema, type AlignedBadgeClass, type BadgeClass } from '../domain/badge-classes';
import { DomainError } from '../domain/errors';
import { db, indexKey, queryPage, cityTable } from './client';

/** Every key a badge class is stored or listed under. */
export const badgeClassKeys = {
  current: (id: string) => ({ pk: `BADGECLASS#${id}`, sk: 'CURRENT' }),
  version: (id: string, version: number) => ({ pk: `BADGECLASS#${id}`, sk: `VERSION#${String(version).padStart(6, '0')}` }),
  /** A provider's badge classes (the CURRENT items), by when each was created. */
  byProvider: indexKey('gsi1', (providerId: string) => `PROVIDER#${providerId}#CLASSES`, (c: Pick<BadgeClass, 'createdAt' | 'id'>) => `${c.createdAt}#${c.id}`),
  /** The active badge classes aligned to a skill (index items in the class's own partition), oldest first. */
  skill: (id: string, skillId: string) => ({ pk: `BADGECLASS#${id}`, sk: `SKILL#${skillId}` }),
  bySkill: indexKey('gsi1', (skillId: string) => `SKILL#${skillId}#CLASSES`, (c: Pick<BadgeClass, 'createdAt' | 'id'>) => `${c.createdAt}#${c.id}`),
};

/** The skills a version is listed under: each aligned skill once, with every level it names; none once archived. */
function alignedSkills(badgeClass: BadgeClass): Map<string, string[]> {
  const skills = new Map<string, string[]>();
  if (badgeClass.status !== 'active') return skills;
  for (const { skillId, level } of badgeClass.alignments) {
    const levels = skills.get(skillId) ?? [];
    if (level && !levels.includes(level)) levels.push(level);
    skills.set(skillId, levels);
  }
  return skills;
}

function skillItems(badgeClass: BadgeClass): Record<string, unknown>[] {
  return [...alignedSkills(badgeClass)].map(([skillId, levels]) => {
    const summary: AlignedBadgeClass = {
      id: badgeClass.id,
      version: badgeClass.version,
      issuerId: badgeClass.issuerId,
      name: badgeClass.name,
      description: badgeClass.description,
      skillId,
      levels,
      createdAt: badgeClass.createdAt,
    };
    return { ...badgeClassKeys.skill(badgeClass.id, skillId), ...badgeClassKeys.bySkill.attributes(badgeClass, skillId), ...summary };
  });
}

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
 * Writes a version and makes it current, in one transaction, with its skill items: put for each skill
 * it aligns to while active, deleted for skills the previous version had and this one has not (at most
 * 2 + 20 + 20 items). `previous` is the version it replaces: if another change got there first the
 * write fails as a conflict instead of losing that change.
 */
export async function putBadgeClassVersion(badgeClass: BadgeClass, previous: BadgeClass | undefined): Promise<void> {
  const skills = alignedSkills(badgeClass);
  const dropped = previous ? [...alignedSkills(previous).keys()].filter((skillId) => !skills.has(skillId)) : [];
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
          ...skillItems(badgeClass).map((Item) => ({ Put: { TableName: cityTable.name, Item } })),
          ...dropped.map((skillId) => ({ Delete: { TableName: cityTable.name, Key: badgeClassKeys.skill(badgeClass.id, skillId) } })),
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

/** The active badge classes aligned to a skill, oldest first (the ones a learner has longest been able to earn). */
export const listBadgeClassesBySkill = (skillId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({
    index: badgeClassKeys.bySkill.index,
    partition: badgeClassKeys.bySkill.partition(skillId),
    order: 'ascending',
    parse: (item) => AlignedBadgeClassSchema.parse(item),
    limit,
    start,
  });

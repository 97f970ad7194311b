// Skills spine items. All live in one partition (a spine is hundreds of items at most and read far
// more than written): pk SPINE, sk META for the spine itself, sk SKILL#<id> for each skill.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SkillSchema, SpineSummarySchema, type Skill, type SpineSummary } from '../domain/skills';
import { db, putAll, cityTable } from './client';
import { queryAll } from './pages';

const PK = 'SPINE';
const META_SK = 'META';
const SKILL_PREFIX = 'SKILL#';

/** Every key the spine is stored under: one partition, the summary and one item per skill. */
export const spineKeys = {
  partition: () => PK,
  meta: () => ({ pk: PK, sk: META_SK }),
  skill: (skillId: string) => ({ pk: PK, sk: `${SKILL_PREFIX}${skillId}` }),
};

/** Get one skill (retired ones too). */
export async function getSkill(skillId: string): Promise<Skill | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: spineKeys.skill(skillId) }));
  return Item ? SkillSchema.parse(Item) : undefined;
}

/** The spine summary and every skill, in spine order, in one query. */
export async function getSpine(): Promise<{ summary: SpineSummary | undefined; skills: Skill[] }> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': spineKeys.partition() } });
  const meta = items.find((item) => item.sk === META_SK);
  const skills = items
    .filter((item) => typeof item.sk === 'string' && item.sk.startsWith(SKILL_PREFIX))
    .map((item) => SkillSchema.parse(item))
    .sort((a, b) => a.position - b.position);
  return { summary: meta ? SpineSummarySchema.parse(meta) : undefined, skills };
}

/**
 * Makes the stored spine match the config: writes the summary and every skill, and marks skills no
 * longer in the config as retired rather than deleting them (badges already awarded link to them).
 * Idempotent, so a deploy or a local start can run it every time.
 */
export async function putSpine(summary: SpineSummary, skills: Skill[]): Promise<{ written: number; retired: string[] }> {
  const { skills: stored } = await getSpine();
  const current = new Set(skills.map((s) => s.id));
  const retired = stored
    .filter((s) => !current.has(s.id))
    .map((s, index) => ({ ...s, retired: true, position: skills.length + index }));
  await putAll([
    { ...spineKeys.meta(), ...summary },
    ...[...skills, ...retired].map((skill) => ({ ...spineKeys.skill(skill.id), ...skill })),
  ]);
  return { written: skills.length, retired: retired.map((s) => s.id) };
}

// The skills spine as the platform holds it: each skill denormalised with its group, its levels and
// its framework, so one read answers a skill's public URL. Pure: no AWS, no I/O.
import * as z from 'zod/mini';
import type { SkillsSpine } from '../../definitions/skills-spine';
import { invalid } from './errors';

export const SkillSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  group: z.object({ id: z.string(), name: z.string() }),
  keywords: z.array(z.string()),
  levels: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), descriptor: z.optional(z.string()) })),
  framework: z.object({ name: z.string(), version: z.string() }),
  /** Order in the spine, for stable listings. */
  position: z.number(),
  /** Removed from the spine's config: still resolvable, because awarded badges point at its URL. */
  retired: z.boolean(),
});
export type Skill = z.infer<typeof SkillSchema>;

export const SpineSummarySchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.optional(z.string()),
  levels: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string(), description: z.optional(z.string()) })),
});
export type SpineSummary = z.infer<typeof SpineSummarySchema>;

export function skillsFromSpine(spine: SkillsSpine): { summary: SpineSummary; skills: Skill[] } {
  const groups = new Map(spine.groups.map((g) => [g.id, g]));
  const skills = spine.skills.map((skill, position): Skill => {
    const group = groups.get(skill.group);
    if (!group) throw new Error(`Skill ${skill.id} names unknown group ${skill.group}`);
    return {
      id: skill.id,
      name: skill.name,
      description: skill.description,
      group: { id: group.id, name: group.name },
      keywords: skill.keywords,
      levels: spine.levels.map((level) => ({ ...level, descriptor: skill.levels[level.id] })),
      framework: { name: spine.name, version: spine.version },
      position,
      retired: false,
    };
  });
  const { name, version, description, levels, groups: groupList } = spine;
  return { summary: { name, version, description, levels, groups: groupList }, skills };
}

export const skillUrl = (baseUrl: string, skillId: string) => `${baseUrl}/skills/${encodeURIComponent(skillId)}`;

/** A skill's public JSON: its stable URL, and the Open Badges alignment that points at it. */
export function presentSkill(skill: Skill, baseUrl: string) {
  const url = skillUrl(baseUrl, skill.id);
  return {
    id: url,
    type: 'Skill',
    skillId: skill.id,
    name: skill.name,
    description: skill.description,
    group: skill.group,
    keywords: skill.keywords,
    levels: skill.levels,
    framework: { ...skill.framework, url: `${baseUrl}/skills` },
    retired: skill.retired,
    alignment: {
      targetName: skill.name,
      targetUrl: url,
      targetDescription: skill.description,
      targetFramework: skill.framework.name,
      targetCode: skill.id,
    },
  };
}

/** Which skills a spine listing shows: current ones (retired too if asked), of one group if asked. */
export interface SkillsFilter {
  group?: string;
  includeRetired?: boolean;
}

/**
 * The spine as `GET /skills` answers it: its levels, groups and the skills the filter lets through.
 * A group the spine does not have is the caller's mistake (a 400 naming `group`), not an empty list.
 */
export function skillsFramework(spine: { summary: SpineSummary | undefined; skills: Skill[] }, filter: SkillsFilter, baseUrl: string) {
  const { summary, skills } = spine;
  if (filter.group && !summary?.groups.some((g) => g.id === filter.group)) {
    throw invalid([{ in: 'query', field: 'group', detail: 'is not a group of this spine' }]);
  }
  const shown = skills.filter((s) => (filter.includeRetired || !s.retired) && (!filter.group || s.group.id === filter.group));
  return {
    id: `${baseUrl}/skills`,
    type: 'SkillsFramework',
    name: summary?.name,
    version: summary?.version,
    description: summary?.description,
    levels: summary?.levels ?? [],
    groups: summary?.groups ?? [],
    skills: shown.map((skill) => presentSkill(skill, baseUrl)),
  };
}

// Makes the stored skills spine match a city's config. Run by the deploy (custom resource) and by the
// local city at start; idempotent.
import { InsightsConfigSchema } from '../../definitions/insights-config';
import { SkillsSpineSchema, type SkillsSpine } from '../../definitions/skills-spine';
import { putInsightsConfig } from '../data/insights';
import { putSpine } from '../data/skills';
import { skillsFromSpine } from '../domain/skills';

export async function syncSpine(spine: SkillsSpine | unknown) {
  const { summary, skills } = skillsFromSpine(SkillsSpineSchema.parse(spine));
  return putSpine(summary, skills);
}

/** Stores the city's insights config (areas, disclosure rule, licence) as its config file has it. */
export async function syncInsights(insights: unknown) {
  await putInsightsConfig(InsightsConfigSchema.parse(insights));
}

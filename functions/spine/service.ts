// Makes the stored skills spine match a city's config. Run by the deploy (custom resource) and by the
// local city at start; idempotent.
import { SkillsSpineSchema, type SkillsSpine } from '../../definitions/city-config';
import { putSpine } from '../data/skills';
import { skillsFromSpine } from '../domain/skills';

export async function syncSpine(spine: SkillsSpine | unknown) {
  const { summary, skills } = skillsFromSpine(SkillsSpineSchema.parse(spine));
  return putSpine(summary, skills);
}

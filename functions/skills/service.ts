// The skills group's service: the city's spine as stored (written at deploy, functions/spine), read for
// its public URLs.
import { readCity } from '../../definitions/city-env';
import { getSkill, getSpine } from '../data/skills';
import { notFound } from '../domain/errors';
import { presentSkill, skillsFramework, type SkillsFilter } from '../domain/skills';

const { baseUrl } = readCity();

/** A skill at its stable URL (retired ones too: badges link to them). */
export async function publicSkill(skillId: string) {
  const skill = await getSkill(skillId);
  if (!skill) throw notFound(`Skill "${skillId}"`);
  return presentSkill(skill, baseUrl);
}

export const publicSpine = async (filter: SkillsFilter) => skillsFramework(await getSpine(), filter, baseUrl);

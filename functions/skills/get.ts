import { readCity } from '../city/env';
import { getSkill } from '../data/skills';
import { notFound } from '../domain/errors';
import { presentSkill } from '../domain/skills';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { GetSkillParams } from './schemas';

const { baseUrl } = readCity();

export const get = httpRoute({ params: GetSkillParams }, async ({ params }) => {
  const skill = await getSkill(params.skillId);
  if (!skill) throw notFound(`Skill "${params.skillId}"`);
  return json(presentSkill(skill, baseUrl), { cacheSeconds: 300 });
});

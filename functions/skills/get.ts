import { readCity } from '../../definitions/city-env';
import { getSkill } from '../data/skills';
import { notFound } from '../domain/errors';
import { renderSkillPage } from '../domain/pages/skill-page';
import { presentSkill } from '../domain/skills';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';

const city = readCity();

/** A skill's URL is where badges point: JSON for machines, a readable page for people. */
export const get = httpRoute(contract['GET /skills/{skillId}'], async ({ params, event }) => {
  const skill = await getSkill(params.skillId);
  if (!skill) throw notFound(`Skill "${params.skillId}"`);
  const presented = presentSkill(skill, city.baseUrl);
  if (!prefersHtml(event.headers.accept)) return json(presented, { cacheSeconds: 300, headers: { vary: 'Accept' } });
  return htmlPage(renderSkillPage({ city, skill: presented }), { cacheSeconds: 300, headers: { vary: 'Accept' } });
});

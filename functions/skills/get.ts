import { readCity } from '../../definitions/city-env';
import { renderSkillPage } from '../domain/pages/skill-page';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { publicSkill } from './service';

const city = readCity();

/** A skill's URL is where badges point: JSON for machines, a readable page for people. */
export const get = httpRoute(contract['GET /skills/{skillId}'], async ({ params, event }) => {
  const presented = await publicSkill(params.skillId);
  if (!prefersHtml(event.headers.accept)) return json(presented, { cacheSeconds: 300, headers: { vary: 'Accept' } });
  return htmlPage(renderSkillPage({ city, skill: presented }), { cacheSeconds: 300, headers: { vary: 'Accept' } });
});

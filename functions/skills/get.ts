import { readCity } from '../../definitions/city-env';
import { badgeClassUrls } from '../domain/badge-classes';
import { learningByLevel, renderSkillPage } from '../domain/pages/skill-page';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { resultView } from '../opportunities/present';
import { pathwayUrls } from '../pathways/present';
import { contract } from './contract';
import { publicSkill, skillPageView } from './service';

const city = readCity();
const { baseUrl } = city;
const CACHE = { cacheSeconds: 300, headers: { vary: 'Accept' } };

/** A skill's URL is where badges point: JSON for machines, a readable page for people. */
export const get = httpRoute(contract['GET /skills/{skillId}'], async ({ params, event }) => {
  if (!prefersHtml(event.headers.accept)) return json(await publicSkill(params.skillId), CACHE);
  const now = new Date();
  const view = await skillPageView(params.skillId, now);
  const { skill } = view;
  const learning = skill.retired
    ? undefined
    : learningByLevel(
        skill.levels.map((l) => l.id),
        view.opportunities.map((found) => ({ view: resultView(found, baseUrl, now), level: found.card.levels?.[params.skillId] })),
        view.badgeClasses.map((c) => ({
          tile: {
            name: c.name,
            url: badgeClassUrls(baseUrl, c.id, c.version).current,
            imageUrl: badgeClassUrls(baseUrl, c.id, c.version).image,
            description: c.description,
            provider: view.providerNames.get(c.issuerId) ?? c.issuerId,
          },
          levels: c.levels,
        })),
        `${baseUrl}/opportunities?skill=${encodeURIComponent(params.skillId)}`,
      );
  return htmlPage(renderSkillPage({ city, skill, ...(learning ? { learning } : {}), pathways: view.pathways.map((p) => ({ name: p.name, url: pathwayUrls(baseUrl, p.id).page, summary: p.summary })) }), { ...CACHE, cacheSeconds: 60 });
});

import { readCity } from '../../definitions/city-env';
import { describeSchedule } from '../domain/pages/opportunity-text';
import { DEFAULT_ABOUT, renderHomePage } from '../domain/pages/portal-home';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { presentResult } from '../opportunities/present';
import type { Found } from '../domain/opportunity-search';
import { contract } from './contract';
import { homeView } from './service';

const city = readCity();
const { baseUrl } = city;

export const home = httpRoute(contract['GET /'], async ({ event }) => {
  if (!prefersHtml(event.headers.accept)) {
    return json(
      { name: city.name, links: { opportunities: `${baseUrl}/opportunities`, skills: `${baseUrl}/skills`, feed: `${baseUrl}/feeds/opportunities`, api: `${baseUrl}/openapi.json` } },
      { cacheSeconds: 300, headers: { vary: 'Accept' } },
    );
  }
  const now = new Date();
  const view = await homeView(city.portal.featured, now);
  const result = (found: Found) => ({ ...presentResult(found, baseUrl, now), schedule: found.card.schedule, when: describeSchedule(found.card.schedule) });
  const skillsByGroup = (groupId: string) => view.spine.skills.filter((s) => !s.retired && s.group.id === groupId).map((s) => ({ id: s.id, name: s.name }));
  return htmlPage(
    renderHomePage({
      city,
      about: city.portal.about ?? DEFAULT_ABOUT,
      groups: (view.spine.summary?.groups ?? []).map((g) => ({ ...g, skills: skillsByGroup(g.id) })).filter((g) => g.skills.length > 0),
      soon: view.soon.map(result),
      featured: view.featured.map(result),
      providers: view.providers.map((p) => ({ id: p.id, name: p.name, ...(p.description ? { description: p.description } : {}) })),
    }),
    { cacheSeconds: 60, headers: { vary: 'Accept' } },
  );
});

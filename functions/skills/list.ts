import { readCity } from '../../definitions/city-env';
import { renderSpinePage } from '../domain/pages/spine-page';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { publicSpine } from './service';

const city = readCity();
const CACHE = { cacheSeconds: 300, headers: { vary: 'Accept' } };

/** The spine: JSON for machines, exactly as before; for people, a page of its groups and skills. */
export const list = httpRoute(contract['GET /skills'], async ({ query, event }) => {
  const spine = await publicSpine({ group: query.group, includeRetired: query.includeRetired === 'true' });
  if (!prefersHtml(event.headers.accept)) return json(spine, CACHE);
  const skillsOf = (groupId: string) => spine.skills.filter((s) => s.group.id === groupId).map((s) => ({ name: s.name, url: s.id, description: s.description }));
  return htmlPage(
    renderSpinePage({
      city,
      url: spine.id,
      name: spine.name,
      version: spine.version,
      description: spine.description,
      levels: spine.levels,
      groups: spine.groups.map((g) => ({ ...g, skills: skillsOf(g.id) })).filter((g) => g.skills.length > 0),
    }),
    CACHE,
  );
});

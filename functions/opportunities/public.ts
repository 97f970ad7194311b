// Public routes: search the directory, and read one opportunity.
import { readCity } from '../../definitions/city-env';
import { searchOpportunities } from '../data/opportunities';
import { checkFilter, termsOf } from '../domain/opportunity-search';
import { readPage } from '../http/pagination';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { presentOpportunity, presentResult } from './present';
import { publicOpportunity } from './service';

const { baseUrl } = readCity();

export const search = httpRoute(contract['GET /opportunities'], async ({ query }) => {
  const { limit, cursor, ...filter } = query;
  checkFilter(filter);
  const now = new Date();
  const terms = filter.q === undefined ? undefined : termsOf(filter.q);
  // A cursor belongs to its search: the same filters, in a fixed order.
  const list = `opportunities:${JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)))}`;
  const page = await readPage(list, { limit, cursor }, (size, start) => searchOpportunities({ ...filter, ...(terms ? { terms } : {}) }, size, start, now));
  return json({ ...page, items: page.items.map((found) => presentResult(found, baseUrl, now)) }, { cacheSeconds: 30 });
});

export const get = httpRoute(contract['GET /opportunities/{opportunityId}'], async ({ params }) =>
  json(presentOpportunity(await publicOpportunity(params.opportunityId), baseUrl), { cacheSeconds: 60 }),
);

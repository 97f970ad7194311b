// The directory as open data: an OpenActive RPDE feed (Realtime Paged Data Exchange 1.0), ordered by
// (modified, id) and paged with afterTimestamp + afterId; every item OpenActive Modelling Opportunity
// Data (SessionSeries, CourseInstance or Event). A draft is "deleted" (it may have been published
// before); items are never removed, so deleted ones stay far longer than the 7 days RPDE asks for.
import { readCity } from '../../definitions/city-env';
import { isListed, opportunityUrls } from '../domain/opportunities';
import { openActiveData, openActiveKind } from '../domain/opportunity-jsonld';
import { invalid } from '../domain/errors';
import { httpRoute } from '../http/route';
import { json } from '../http/reply';
import { contract } from './contract';
import { feedPage } from './service';

const city = readCity();
const { baseUrl } = city;
const FEED_URL = `${baseUrl}/feeds/opportunities`;
const PAGE_SIZE = 100;
/** Changes younger than this are held back: a write still in flight could commit with an earlier `modified`. */
export const SETTLE_MS = 2000;

const pageUrl = (after: { modified: number; id: string } | undefined) =>
  after ? `${FEED_URL}?afterTimestamp=${after.modified}&afterId=${after.id}` : FEED_URL;

export const feed = httpRoute(contract['GET /feeds/opportunities'], async ({ query }) => {
  if ((query.afterTimestamp === undefined) !== (query.afterId === undefined)) {
    throw invalid([{ in: 'query', field: query.afterTimestamp === undefined ? 'afterTimestamp' : 'afterId', detail: 'comes with afterTimestamp and afterId together' }]);
  }
  const after = query.afterTimestamp !== undefined ? { modified: query.afterTimestamp, id: query.afterId! } : undefined;
  const { opportunities, providers, skillNames } = await feedPage(after, PAGE_SIZE, Date.now() - SETTLE_MS);
  const items = opportunities.map((o) => {
    const modified = Date.parse(o.updatedAt);
    const common = { id: o.id, modified, kind: openActiveKind(o) };
    if (!isListed(o.status) && o.status !== 'cancelled') return { ...common, state: 'deleted' as const };
    const provider = providers.get(o.providerId) ?? { id: o.providerId, name: o.providerId };
    const context = { baseUrl, url: opportunityUrls(baseUrl, o.id).page, provider: { ...provider, url: `${baseUrl}/issuers/${provider.id}` }, skillNames, badges: [] };
    return { ...common, state: 'updated' as const, data: openActiveData(o, context) };
  });
  const last = opportunities.at(-1);
  const next = last ? pageUrl({ modified: Date.parse(last.updatedAt), id: last.id }) : pageUrl(after);
  // RPDE: pages with items never change (cache them long); the last page changes as soon as anything does.
  return json({ next, items, license: city.portal.dataLicence }, { cacheSeconds: items.length ? 3600 : 8 });
});

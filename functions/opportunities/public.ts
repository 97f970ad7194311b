// Public routes: search the directory, read one opportunity, and its calendar file. Browsers get pages
// (Accept: text/html); everything else gets the JSON, unchanged.
import { readCity } from '../../definitions/city-env';
import { badgeClassUrls } from '../domain/badge-classes';
import { opportunityCalendar } from '../domain/calendar';
import { describeSchedule } from '../domain/pages/opportunity-text';
import { opportunityUrls } from '../domain/opportunities';
import { searchEngineData, type LinkedDataContext } from '../domain/opportunity-jsonld';
import { checkFilter, termsOf } from '../domain/opportunity-search';
import { renderOpportunityPage } from '../domain/pages/opportunity-page';
import { renderSearchPage, showsMap, type SearchPageModel } from '../domain/pages/opportunity-search-page';
import { skillUrl } from '../domain/skills';
import { prefersHtml } from '../http/negotiate';
import { binary, htmlPage, json, type Reply } from '../http/reply';
import { IMAGE_CONTENT_SECURITY_POLICY } from '../../definitions/security-headers';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { httpRoute } from '../http/route';
import { seeOther } from '../http/learner-route';
import type { PageViewer } from '../services/insights-funnels';
import { contract } from './contract';
import { opportunityImageUrl, presentOpportunity, presentResult } from './present';
import { bookingClick, opportunityImage, opportunityView, publicOpportunity, searchDirectory } from './service';

const city = readCity();
const { baseUrl } = city;
const page = (body: string, cacheSeconds: number, map = false): Reply => htmlPage(body, { cacheSeconds, headers: { vary: 'Accept' }, map });
export const assetUrls = { leafletCss: `${baseUrl}/assets/leaflet.css`, leafletJs: `${baseUrl}/assets/leaflet.js`, mapJs: `${baseUrl}/assets/opportunity-map.js` };

export const search = httpRoute(contract['GET /opportunities'], async ({ query, event }) => {
  const { limit, cursor, ...filter } = query;
  checkFilter(filter);
  const now = new Date();
  const terms = filter.q === undefined ? undefined : termsOf(filter.q);
  // A cursor belongs to its search: the same filters, in a fixed order.
  const list = `opportunities:${JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)))}`;
  const forPeople = prefersHtml(event.headers.accept);
  const { results, skills, scopeNames } = await searchDirectory({ ...filter, ...(terms ? { terms } : {}) }, { limit, cursor }, list, now, forPeople);
  const items = results.items.map((found) => presentResult(found, baseUrl, now));
  if (!forPeople) return json({ ...results, items }, { cacheSeconds: 30, headers: { vary: 'Accept' } });
  const raw = event.queryStringParameters ?? {};
  const nextQuery = new URLSearchParams({ ...Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'cursor')), ...(results.next ? { cursor: results.next } : {}) });
  const model: SearchPageModel = {
    city,
    values: { ...raw, skill: filter.skill, kind: filter.kind },
    results: results.items.map((found, i) => ({ ...items[i]!, schedule: found.card.schedule, when: describeSchedule(found.card.schedule) })),
    ...(results.next ? { nextUrl: `${baseUrl}/opportunities?${nextQuery.toString()}` } : {}),
    skills: skills.map((s) => ({ id: s.id, name: s.name })),
    scopeNames,
    places: city.portal.places,
    map: city.portal.map,
    assets: assetUrls,
  };
  return page(renderSearchPage(model), 30, showsMap(model));
});

async function view(id: string, viewer: PageViewer | undefined) {
  const found = await opportunityView(id, viewer);
  const urls = opportunityUrls(baseUrl, id);
  const provider = { id: found.provider.id, name: found.provider.name, url: `${baseUrl}/issuers/${found.provider.id}` };
  const context: LinkedDataContext = {
    baseUrl,
    url: urls.page,
    provider,
    skillNames: new Map([...found.skills.values()].map((s) => [s.id, s.name])),
    badges: found.badges.map((b) => ({ name: b.name, url: badgeClassUrls(baseUrl, b.id, b.version).current })),
  };
  return { ...found, urls, provider, context };
}

export const get = httpRoute(contract['GET /opportunities/{opportunityId}'], async ({ params, event }) => {
  // The JSON names nothing beyond the opportunity: its one read.
  if (!prefersHtml(event.headers.accept)) {
    return json(presentOpportunity(await publicOpportunity(params.opportunityId), baseUrl), { cacheSeconds: 60, headers: { vary: 'Accept' } });
  }
  const now = new Date();
  // A person's view of the page counts for its funnel (a HEAD, the JSON or a robot does not).
  const viewer = event.requestContext.http.method === 'GET' ? { userAgent: event.headers['user-agent'], at: now } : undefined;
  const { opportunity, urls, provider, skills, context } = await view(params.opportunityId, viewer);
  return page(
    renderOpportunityPage({
      city,
      opportunity,
      url: urls.page,
      calendarUrl: urls.calendar,
      bookUrl: urls.book,
      imageUrl: opportunityImageUrl(opportunity, baseUrl),
      provider,
      skills: opportunity.skills.map((s) => {
        const skill = skills.get(s.skillId);
        return { name: skill?.name ?? s.skillId, url: skillUrl(baseUrl, s.skillId), level: s.level && skill?.levels.find((l) => l.id === s.level)?.name };
      }),
      badges: context.badges,
      jsonLd: searchEngineData(opportunity, context, now),
      now,
    }),
    60,
  );
});

// A new picture gets a new URL (its ?v=), so a short cache is only for the URL without one.
export const image = httpRoute(contract['GET /opportunities/{opportunityId}/image'], async ({ params }) => {
  const { data, type } = await opportunityImage(params.opportunityId);
  return binary(data, IMAGE_CONTENT_TYPES[type], {
    cacheSeconds: 300,
    headers: { 'content-disposition': `inline; filename="opportunity-${params.opportunityId}.${type}"`, 'content-security-policy': IMAGE_CONTENT_SECURITY_POLICY },
  });
});

export const calendar = httpRoute(contract['GET /opportunities/{opportunityId}/calendar'], async ({ params }) => {
  const { opportunity, provider } = await opportunityView(params.opportunityId);
  const body = opportunityCalendar(opportunity, { url: opportunityUrls(baseUrl, opportunity.id).page, host: new URL(baseUrl).host, providerName: provider.name });
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="${opportunity.id}.ics"`, 'cache-control': 'public, max-age=60' },
    body,
  };
});

/**
 * "Book or apply online": the click counts for the opportunity's funnel, then the browser goes to the
 * booking URL the opportunity itself holds. Nothing of the request decides where (no open redirect),
 * and the answer is never cached, so every click reaches the count.
 */
export const book = httpRoute(contract['GET /opportunities/{opportunityId}/book'], async ({ params, event }) =>
  seeOther(await bookingClick(params.opportunityId, { userAgent: event.headers['user-agent'], at: new Date() })),
);

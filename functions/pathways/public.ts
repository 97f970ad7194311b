// Public routes: the list of pathways, one pathway (JSON or its page), a version, and its CTDL export.
// Browsers get pages (Accept: text/html); everything else gets the JSON, unchanged.
import { readCity } from '../../definitions/city-env';
import { readLearner } from '../auth/learner-session';
import { badgeClassUrls } from '../domain/badge-classes';
import { issuerUrls } from '../domain/openbadges/issuer';
import { opportunityUrls, upcomingSessions, type Opportunity } from '../domain/opportunities';
import type { Card } from '../domain/opportunity-search';
import { describeSchedule, formatSession, modeName } from '../domain/pages/opportunity-text';
import { skillUrl } from '../domain/skills';
import { renderPathwayPage, type PathwayPageModel, type StepOpportunity } from '../domain/pages/pathway-page';
import { renderPathwaysPage } from '../domain/pages/pathways-page';
import { pathwayCtdl, type CtdlBadgeClass } from '../domain/pathway-ctdl';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { pathwayUrls, presentCard, presentPathway } from './present';
import { destinationKind, listPathways, pathwayDocument, pathwayView, publicPathway, publicPathwayVersion, type PathwayParts, type PathwayView } from './service';

const city = readCity();
const { baseUrl } = city;
const CACHE_SECONDS = 60;
const negotiated = { headers: { vary: 'Accept' } };

export const list = httpRoute(contract['GET /pathways'], async ({ query, event }) => {
  const { skill, ...page } = query;
  const results = await listPathways(skill, page);
  const items = results.items.map((card) => presentCard(card, baseUrl));
  if (!prefersHtml(event.headers.accept)) return json({ ...results, items }, { cacheSeconds: 30, ...negotiated });
  const next = results.next ? `${baseUrl}/pathways?${new URLSearchParams({ ...(skill ? { skill } : {}), cursor: results.next }).toString()}` : undefined;
  return htmlPage(renderPathwaysPage({ city, skill, pathways: items, ...(next ? { nextUrl: next } : {}) }), { cacheSeconds: 30, ...negotiated });
});

export const get = httpRoute(contract['GET /pathways/{pathwayId}'], async ({ params, event }) => {
  if (!prefersHtml(event.headers.accept)) {
    const { pathway, version } = await publicPathway(params.pathwayId);
    return json(presentPathway(pathway, version, baseUrl), { cacheSeconds: CACHE_SECONDS, ...negotiated });
  }
  const now = new Date();
  // Signed in, the page shows the learner's own progress: never for a shared cache (no-store). Everyone
  // else gets the same page, cacheable; Vary: Cookie keeps the two apart in any cache in between.
  const learner = await readLearner(event);
  // A person's view of the page counts for the pathway's funnel (signed in or not; a HEAD or a robot does not).
  const viewer = event.requestContext.http.method === 'GET' ? { userAgent: event.headers['user-agent'], at: now } : undefined;
  const view = await pathwayView(params.pathwayId, now, learner?.account.id, viewer);
  const options = { headers: { vary: 'Accept, Cookie' } };
  return htmlPage(renderPathwayPage(pageModel(view, now)), learner ? options : { cacheSeconds: CACHE_SECONDS, ...options });
});

/** When, in words: the next session, or the schedule's pattern. */
function when(schedule: Opportunity['schedule'], now: Date): string {
  const [next] = upcomingSessions(schedule, now, 1);
  return schedule.type !== 'open' && next ? `Next: ${formatSession(next, schedule)}` : describeSchedule(schedule);
}

/** An opportunity as a step shows it: when (the next session, or the pattern) and where. */
function stepOpportunity(o: Opportunity, providers: ReadonlyMap<string, string>, now: Date): StepOpportunity {
  const venue = o.place.venue;
  return {
    title: o.title,
    url: opportunityUrls(baseUrl, o.id).page,
    kind: o.kind,
    provider: providers.get(o.providerId) ?? o.providerId,
    when: when(o.schedule, now),
    where: venue ? `${venue.name}, ${venue.locality}${o.place.mode === 'blended' ? ' (and online)' : ''}` : modeName(o.place.mode),
    full: o.status === 'full',
  };
}

/** A search card as a place to earn a step: the same words, from what the index carries. */
function stepFromCard(card: Card, now: Date): StepOpportunity {
  return {
    title: card.title,
    url: opportunityUrls(baseUrl, card.id).page,
    kind: card.kind,
    provider: card.providerName,
    when: when(card.schedule, now),
    where: card.placeName && card.locality ? `${card.placeName}, ${card.locality}${card.mode === 'blended' ? ' (and online)' : ''}` : modeName(card.mode),
    full: card.status === 'full',
  };
}

function pageModel(view: PathwayView, now: Date): PathwayPageModel {
  const { pathway, version } = view;
  const urls = pathwayUrls(baseUrl, pathway.id);
  const providers = view.providerNames;
  const badgeClass = (id: string) => {
    const c = view.badgeClasses.get(id)!;
    const u = badgeClassUrls(baseUrl, id, c.version);
    return { name: c.name, description: c.description, url: u.current, imageUrl: u.image, provider: providers.get(c.issuerId) ?? c.issuerId };
  };
  const destination = version.destination;
  const destinationOpportunity = destination?.type === 'opportunity' ? view.opportunities.get(destination.opportunityId) : undefined;
  return {
    city,
    urls: { page: urls.page, ctdl: urls.ctdl },
    pathway: {
      name: version.name,
      description: version.description,
      status: pathway.status === 'archived' ? 'archived' : 'published',
      version: version.version,
      publishedAt: version.publishedAt,
      rule: version.rule,
      ...(view.provider ? { provider: { name: view.provider.name, url: issuerUrls(baseUrl, view.provider.id).v2 } } : {}),
      skills: version.skills.map((id) => ({ name: view.skills.get(id)?.name ?? id, url: skillUrl(baseUrl, id) })),
    },
    badgeClasses: new Map([...view.badgeClasses.keys()].map((id) => [id, badgeClass(id)])),
    opportunities: new Map([...view.opportunities.values()].map((o) => [o.id, stepOpportunity(o, providers, now)])),
    whereToEarn: new Map([...view.whereToEarn].map(([id, cards]) => [id, cards.map((card) => stepFromCard(card, now))])),
    ...(version.milestoneBadgeClassId && view.badgeClasses.has(version.milestoneBadgeClassId) ? { milestone: badgeClass(version.milestoneBadgeClassId) } : {}),
    ...(view.learner ? { holdings: view.learner.holdings, milestoneEarned: view.learner.milestoneEarned } : {}),
    ...(destination?.type === 'url' ? { destination: { kind: destination.kind, name: destination.name, url: destination.url } } : {}),
    ...(destinationOpportunity
      ? { destination: { kind: destinationKind(destinationOpportunity), name: destinationOpportunity.title, url: opportunityUrls(baseUrl, destinationOpportunity.id).page, opportunity: stepOpportunity(destinationOpportunity, providers, now) } }
      : {}),
  };
}

export const version = httpRoute(contract['GET /pathways/{pathwayId}/versions/{version}'], async ({ params }) => {
  const found = await publicPathwayVersion(params.pathwayId, params.version);
  // A version never changes once published.
  return json(presentPathway(found.pathway, found.version, baseUrl), { cacheSeconds: 86_400 });
});

/** A badge class as CTDL names it, with the skill groups of its skills and its tags. */
function ctdlBadgeClass(parts: PathwayParts, id: string): CtdlBadgeClass | undefined {
  const badgeClass = parts.badgeClasses.get(id);
  if (!badgeClass) return undefined;
  const skillGroups = [...new Set(badgeClass.alignments.map((a) => parts.skills.get(a.skillId)?.group.name).filter((g): g is string => g !== undefined))];
  return { name: badgeClass.name, description: badgeClass.description, url: badgeClassUrls(baseUrl, id, badgeClass.version).current, groups: { skillGroups, tags: badgeClass.tags } };
}

export const ctdl = httpRoute(contract['GET /pathways/{pathwayId}/ctdl'], async ({ params }) => {
  const parts = await pathwayDocument(params.pathwayId);
  const urls = pathwayUrls(baseUrl, params.pathwayId);
  const badgeClasses = new Map([...parts.badgeClasses.keys()].map((id) => [id, ctdlBadgeClass(parts, id)!] as const));
  const opportunities = new Map(
    [...parts.opportunities.values()].map((o) => [o.id, { title: o.title, description: o.description, kind: o.kind, url: opportunityUrls(baseUrl, o.id).page }] as const),
  );
  const owner = parts.provider ? { url: issuerUrls(baseUrl, parts.provider.id).v2, name: parts.provider.name } : { url: baseUrl, name: city.name };
  const document = pathwayCtdl({ pathwayId: params.pathwayId, version: parts.version, pageUrl: urls.page, ctdlUrl: urls.ctdl, owner, badgeClasses, opportunities, language: 'en' });
  return json(document, { cacheSeconds: CACHE_SECONDS, headers: { 'content-type': 'application/ld+json; charset=utf-8' } });
});

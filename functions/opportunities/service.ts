// Creating, changing and cancelling opportunities: check what they point at (the provider, the spine's
// skills and levels, the provider's own badge classes), work out when they run, and write them with
// their search card. A provider acts only for itself; a city admin for any provider.
import { getBadgeClass } from '../data/badge-classes';
import { getOpportunity, listOpportunitiesByProvider, putOpportunity, readFeed, searchOpportunities, type StoredOpportunity } from '../data/opportunities';
import { getProvider } from '../data/providers';
import { getSpine } from '../data/skills';
import type { Principal } from '../domain/api-keys';
import { DomainError, invalid, notFound, type FieldProblem } from '../domain/errors';
import { randomId } from '../domain/ids';
import {
  applyChanges,
  isListed,
  OPPORTUNITY_ID_LENGTH,
  scheduleProblem,
  spanOf,
  type NewOpportunity,
  type Opportunity,
  type OpportunityChanges,
} from '../domain/opportunities';
import { cardOf, opportunityTerms, type Card, type Search } from '../domain/opportunity-search';
import { assertActsFor } from '../domain/ownership';
import type { CleanImage } from '../domain/badge-images';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { readPage, type PageRequest } from '../http/pagination';
import { countPageEvent, type PageViewer } from '../services/insights-funnels';
import { pageBadgeClass, pageProvider, pageSpine } from '../services/page-facts';
import { bookingTarget } from '../domain/insights-funnels';

type Fields = Pick<Opportunity, 'skills' | 'badgeClassIds' | 'schedule'>;

/** Every reference checked at once, so one answer names every bad field. */
async function checkReferences(fields: Partial<Fields>, providerId: string): Promise<void> {
  const problems: FieldProblem[] = [];
  if (fields.skills) {
    const { skills } = await getSpine();
    const byId = new Map(skills.map((s) => [s.id, s]));
    fields.skills.forEach((wanted, i) => {
      const skill = byId.get(wanted.skillId);
      if (!skill || skill.retired) problems.push({ in: 'body', field: `skills[${i}].skillId`, detail: "is not a skill of the city's spine" });
      else if (wanted.level && !skill.levels.some((l) => l.id === wanted.level)) problems.push({ in: 'body', field: `skills[${i}].level`, detail: 'is not a level of the spine' });
    });
  }
  if (fields.badgeClassIds) {
    const classes = await Promise.all(fields.badgeClassIds.map((id) => getBadgeClass(id)));
    classes.forEach((badgeClass, i) => {
      // Someone else's badge class reads as missing, as it does everywhere.
      if (!badgeClass || badgeClass.issuerId !== providerId) problems.push({ in: 'body', field: `badgeClassIds[${i}]`, detail: "is not one of the provider's badge classes" });
      else if (badgeClass.status === 'archived') problems.push({ in: 'body', field: `badgeClassIds[${i}]`, detail: 'is archived: it can no longer be earned' });
    });
  }
  const schedule = fields.schedule && scheduleProblem(fields.schedule);
  if (schedule) problems.push({ in: 'body', ...schedule });
  if (problems.length) throw invalid(problems);
}

/** The card search lists it with; undefined while it is not listed. */
async function cardFor(opportunity: Opportunity): Promise<Card | undefined> {
  if (!isListed(opportunity.status)) return undefined;
  const [{ skills }, provider] = await Promise.all([getSpine(), getProvider(opportunity.providerId)]);
  const wanted = new Set(opportunity.skills.map((s) => s.skillId));
  const skillWords = skills.filter((s) => wanted.has(s.id)).flatMap((s) => [s.name, ...s.keywords]);
  const providerName = provider?.name ?? opportunity.providerId;
  return cardOf(opportunity, providerName, opportunityTerms(opportunity, [...skillWords, providerName]));
}

export async function createOpportunity(input: NewOpportunity, principal: Principal, now: Date): Promise<Opportunity> {
  const providerId = principal.role === 'provider' ? principal.providerId! : input.providerId;
  if (!providerId) throw invalid([{ in: 'body', field: 'providerId', detail: 'is required when a city admin creates an opportunity' }]);
  if (principal.role === 'provider' && input.providerId && input.providerId !== providerId) {
    throw invalid([{ in: 'body', field: 'providerId', detail: 'must be your own provider id (or left out)' }]);
  }
  if (!(await getProvider(providerId))) throw invalid([{ in: 'body', field: 'providerId', detail: 'is not a provider of this city' }]);
  await checkReferences(input, providerId);
  const { providerId: _given, ...fields } = input;
  const opportunity: Opportunity = {
    ...fields,
    id: randomId(OPPORTUNITY_ID_LENGTH),
    providerId,
    ...spanOf(input.schedule),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await putOpportunity(opportunity, await cardFor(opportunity), undefined);
  return opportunity;
}

/** The opportunity, if the caller may manage it; someone else's is "not found". */
async function managed(id: string, principal: Principal): Promise<StoredOpportunity> {
  const stored = await getOpportunity(id, true);
  if (!stored) throw notFound(`Opportunity ${id}`);
  assertActsFor(principal, stored.opportunity.providerId, `Opportunity ${id}`);
  return stored;
}

async function replace(stored: StoredOpportunity, next: Opportunity): Promise<Opportunity> {
  await putOpportunity(next, await cardFor(next), { updatedAt: stored.opportunity.updatedAt, indexedAs: stored.indexedAs });
  return next;
}

/** Two writes in the same millisecond would share a feed position; the next one is always later. */
const after = (previous: Opportunity, now: Date) => new Date(Math.max(now.getTime(), Date.parse(previous.updatedAt) + 1));

export async function changeOpportunity(id: string, changes: OpportunityChanges, principal: Principal, now: Date): Promise<Opportunity> {
  const stored = await managed(id, principal);
  if (stored.opportunity.status === 'cancelled') throw new DomainError('conflict', `Opportunity ${id} is cancelled`);
  await checkReferences(changes, stored.opportunity.providerId);
  return replace(stored, applyChanges(stored.opportunity, changes, after(stored.opportunity, now)));
}

/**
 * Gives an opportunity a new picture, already cleaned: stored under a key of its own first, then named
 * by the opportunity, so that a failure in between leaves the opportunity as it was (the stored bytes
 * unused) and a retry simply uploads again.
 */
export async function setOpportunityImage(id: string, image: CleanImage, principal: Principal, now: Date): Promise<Opportunity> {
  const stored = await managed(id, principal);
  if (stored.opportunity.status === 'cancelled') throw new DomainError('conflict', `Opportunity ${id} is cancelled`);
  // The bucket's client is loaded by the image routes only (search and pages never touch it).
  const { imageKeys, putImage } = await import('../storage/images');
  const key = imageKeys.opportunity(id, randomId(8), image.type);
  await putImage(key, image.data, IMAGE_CONTENT_TYPES[image.type]);
  return replace(stored, { ...stored.opportunity, image: { key, type: image.type }, updatedAt: after(stored.opportunity, now).toISOString() });
}

/** A public opportunity's picture, with its type; not found when it has none. */
export async function opportunityImage(id: string): Promise<{ data: Buffer; type: 'png' | 'svg' }> {
  const { image } = await publicOpportunity(id);
  if (!image) throw notFound(`Opportunity ${id}'s image`);
  const { getImage } = await import('../storage/images');
  return { data: await getImage(image.key), type: image.type };
}

export async function cancelOpportunity(id: string, principal: Principal, now: Date): Promise<Opportunity> {
  const stored = await managed(id, principal);
  if (stored.opportunity.status === 'cancelled') throw new DomainError('conflict', `Opportunity ${id} is already cancelled`);
  return replace(stored, { ...stored.opportunity, status: 'cancelled', updatedAt: after(stored.opportunity, now).toISOString() });
}

/** What the public sees: listed and cancelled opportunities (a cancelled one says so); drafts are not found. */
export async function publicOpportunity(id: string): Promise<Opportunity> {
  const stored = await getOpportunity(id);
  if (!stored || stored.opportunity.status === 'draft') throw notFound(`Opportunity ${id}`);
  return stored.opportunity;
}

/**
 * A published opportunity with what its page and calendar name. One read of the table, the
 * opportunity's: its provider, the spine's skills and its badge classes come from what this container
 * read of them in the last PAGE_FACTS_TTL_MS (functions/services/page-facts.ts), read only when it has
 * not. `viewer`: a person opened the page, counted for its funnel beside those (the count names the
 * provider, so it cannot start before the opportunity is read); absent for HEAD and the calendar.
 */
export async function opportunityView(id: string, viewer?: PageViewer) {
  const opportunity = await publicOpportunity(id);
  const [provider, { skills }, badges] = await Promise.all([
    pageProvider(opportunity.providerId),
    pageSpine(),
    Promise.all(opportunity.badgeClassIds.map((badgeClassId) => pageBadgeClass(badgeClassId))),
    viewer && countPageEvent('views', 'opportunity', opportunity.providerId, opportunity.id, viewer.userAgent, viewer.at),
  ]);
  return {
    opportunity,
    provider: provider ?? { id: opportunity.providerId, name: opportunity.providerId },
    skills: new Map(skills.map((s) => [s.id, s])),
    badges: badges.filter((b) => b !== undefined && b.status === 'active').map((b) => b!),
  };
}

/**
 * "Book or apply online": the booking URL the opportunity itself holds (nothing of the request decides
 * where: no open redirect), the click counted for its funnel. Not found without one.
 */
export async function bookingClick(id: string, viewer: PageViewer): Promise<string> {
  const opportunity = await publicOpportunity(id);
  const target = bookingTarget(opportunity.takePart.bookingUrl);
  if (!target) throw notFound(`A booking page of opportunity ${id}`);
  await countPageEvent('bookings', 'opportunity', opportunity.providerId, opportunity.id, viewer.userAgent, viewer.at);
  return target;
}

/**
 * A page of search results; for the search page also the spine's skills (its filter's choices) and the
 * names of the provider and badge class the search is limited to (the page says what it shows), from
 * what this container read of them in the last PAGE_FACTS_TTL_MS, as the opportunity's page has them:
 * the search's own Query is then the page's only read.
 */
export async function searchDirectory(search: Search, page: PageRequest, list: string, now: Date, forPage: boolean) {
  const [results, spine, provider, badgeClass] = await Promise.all([
    readPage(list, page, (size, start) => searchOpportunities(search, size, start, now)),
    forPage ? pageSpine() : undefined,
    forPage && search.provider ? pageProvider(search.provider) : undefined,
    forPage && search.badgeClass ? pageBadgeClass(search.badgeClass) : undefined,
  ]);
  return {
    results,
    skills: spine?.skills.filter((s) => !s.retired) ?? [],
    scopeNames: { ...(provider ? { provider: provider.name } : {}), ...(badgeClass ? { badgeClass: badgeClass.name } : {}) },
  };
}

/** A page of the change feed, with the names its items need: their providers' and the spine's skills'. */
export async function feedPage(after: { modified: number; id: string } | undefined, limit: number, until: number) {
  const [opportunities, { skills }] = await Promise.all([readFeed(after, limit, until), getSpine()]);
  const providerIds = [...new Set(opportunities.map((o) => o.providerId))];
  const providers = await Promise.all(providerIds.map((id) => getProvider(id)));
  return {
    opportunities,
    providers: new Map(providers.filter((p) => p !== undefined).map((p) => [p!.id, { id: p!.id, name: p!.name }])),
    skillNames: new Map(skills.map((s) => [s.id, s.name])),
  };
}

/** A provider's own opportunities, drafts included: for the provider itself or a city admin. */
export async function providerOpportunities(providerId: string, page: PageRequest, principal: Principal) {
  assertActsFor(principal, providerId, `Issuer ${providerId}`);
  return readPage(`opportunities:${providerId}`, page, (limit, start) => listOpportunitiesByProvider(providerId, limit, start));
}

// Opportunities as the API answers them: the stored fields with their URLs, and search results as
// cards with the next session worked out for now.
import type * as z from 'zod/mini';
import { opportunityUrls, upcomingSessions, type Opportunity } from '../domain/opportunities';
import type { Found } from '../domain/opportunity-search';
import type { ResultView } from '../domain/pages/opportunity-results';
import { describeSchedule } from '../domain/pages/opportunity-text';
import type { OpportunityJsonSchema, SearchResultSchema } from './contract';

/** Its picture's URL, naming the upload, so that a new picture is never read from a cache of the old. */
export const opportunityImageUrl = (opportunity: Opportunity, baseUrl: string): string | undefined =>
  opportunity.image && `${opportunityUrls(baseUrl, opportunity.id).image}?v=${encodeURIComponent(opportunity.image.key.split('/').pop()!.split('.')[0]!)}`;

export function presentOpportunity(opportunity: Opportunity, baseUrl: string): z.output<typeof OpportunityJsonSchema> {
  const urls = opportunityUrls(baseUrl, opportunity.id);
  const { image: _stored, ...fields } = opportunity;
  const image = opportunityImageUrl(opportunity, baseUrl);
  return { ...fields, url: urls.page, links: { page: urls.page, calendar: urls.calendar, provider: `${baseUrl}/issuers/${opportunity.providerId}`, ...(image ? { image } : {}) } };
}

export function presentResult({ card, distanceKm }: Found, baseUrl: string, now: Date): z.output<typeof SearchResultSchema> {
  const [next] = upcomingSessions(card.schedule, now, 1);
  return {
    id: card.id,
    url: opportunityUrls(baseUrl, card.id).page,
    title: card.title,
    kind: card.kind,
    status: card.status,
    provider: { id: card.providerId, name: card.providerName },
    startsAt: card.startsAt,
    endsAt: card.endsAt,
    ...(next ? { nextSession: { start: next.start.toISOString(), end: next.end.toISOString() } } : {}),
    cost: card.free ? { free: true } : { free: false, price: card.price, currency: card.currency },
    ageRange: { min: card.minAge, ...(card.maxAge !== undefined ? { max: card.maxAge } : {}) },
    place: {
      mode: card.mode,
      ...(card.placeName ? { name: card.placeName, locality: card.locality, latitude: card.lat, longitude: card.lng } : {}),
    },
    ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 100) / 100 } : {}),
    skills: card.skillIds,
  };
}

/** A search result as the portal's pages list it: the API's result, with the schedule to say when in words. */
export const resultView = (found: Found, baseUrl: string, now: Date): ResultView => ({
  ...presentResult(found, baseUrl, now),
  schedule: found.card.schedule,
  when: describeSchedule(found.card.schedule),
});

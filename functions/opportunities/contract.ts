// What the directory's public routes take and answer; the providers' routes are in
// publishing-contract.ts, so that the public group does not build their schemas at cold start.
import * as z from 'zod/mini';
import { BYTES, HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { pageOf, PageQuery } from '../http/pagination';
import { OPPORTUNITY_KINDS, OpportunitySchema, opportunityIdPattern } from '../domain/opportunities';
import { SearchFilterSchema } from '../domain/opportunity-search';
import { OpportunityParams } from './schemas';

export const OpportunityJsonSchema = z
  .extend(z.omit(OpportunitySchema, { image: true }), {
    url: z.url(),
    links: z.object({ page: z.url(), calendar: z.url(), provider: z.url(), image: z.optional(z.url().check(z.describe('Its picture, when it has one'))) }),
  })
  .check(z.meta({ id: 'Opportunity', description: 'An opportunity of the directory, with when it starts and ends worked out from its schedule' }));

export const SearchResultSchema = z
  .object({
    id: z.string(),
    url: z.url(),
    title: z.string(),
    kind: z.enum(OPPORTUNITY_KINDS),
    status: z.enum(['published', 'full']),
    provider: z.object({ id: z.string(), name: z.string() }),
    startsAt: z.string(),
    endsAt: z.string(),
    nextSession: z.optional(z.object({ start: z.string(), end: z.string() })),
    cost: z.object({ free: z.boolean(), price: z.optional(z.number()), currency: z.optional(z.string()) }),
    ageRange: z.object({ min: z.number(), max: z.optional(z.number()) }),
    place: z.object({
      mode: z.enum(['in-person', 'online', 'blended']),
      name: z.optional(z.string()),
      locality: z.optional(z.string()),
      latitude: z.optional(z.number()),
      longitude: z.optional(z.number()),
    }),
    distanceKm: z.optional(z.number()),
    skills: z.array(z.string()),
  })
  .check(z.meta({ id: 'OpportunityResult', description: 'An opportunity as search lists it' }));

export const FeedQuery = z.object({
  afterTimestamp: z.optional(
    z.pipe(z.string().check(z.regex(/^\d{1,15}$/, 'must be a modified value from the feed'), z.describe('With afterId: the `modified` of the last item already read')), z.transform((v) => Number(v))),
  ),
  afterId: z.optional(z.string().check(z.regex(opportunityIdPattern, 'must be an id from the feed'), z.describe('With afterTimestamp: the `id` of the last item already read'))),
});

export const FeedPageSchema = z
  .object({
    next: z.url(),
    items: z.array(
      z.object({
        state: z.enum(['updated', 'deleted']),
        kind: z.enum(['SessionSeries', 'CourseInstance', 'Event']),
        id: z.string(),
        modified: z.number(),
        data: z.optional(z.record(z.string(), z.unknown())),
      }),
    ),
    license: z.url(),
  })
  .check(z.meta({ id: 'RpdePage', description: 'A page of an OpenActive RPDE feed; data is OpenActive Modelling Opportunity Data 2.0 JSON-LD' }));

export const SearchQuery = z.extend(SearchFilterSchema, PageQuery.shape);

export const contract = {
  'GET /opportunities': {
    query: SearchQuery,
    response: {
      status: 200,
      description: 'A page of listed opportunities that match every filter given, soonest (or nearest) first; for browsers (Accept: text/html) the search page with its filters and map',
      content: { 'application/json': pageOf(SearchResultSchema), 'text/html': HtmlPage },
    },
  },
  'GET /opportunities/{opportunityId}': {
    params: OpportunityParams,
    response: {
      status: 200,
      description: 'The opportunity; for browsers its page, with schema.org JSON-LD',
      content: { 'application/json': OpportunityJsonSchema, 'text/html': HtmlPage },
    },
  },
  'GET /opportunities/{opportunityId}/book': {
    params: OpportunityParams,
    response: { status: 303, description: "To the opportunity's own booking URL (takePart.bookingUrl), never to one the request names; 404 when it has none", content: {}, headers: { Location: 'The booking URL' } },
  },
  'GET /opportunities/{opportunityId}/calendar': {
    params: OpportunityParams,
    response: { status: 200, description: 'Its sessions as iCalendar (RFC 5545): one event per session, in UTC', content: { 'text/calendar': z.string() } },
  },
  'GET /opportunities/{opportunityId}/image': {
    params: OpportunityParams,
    response: { status: 200, description: "The opportunity's picture, as stored: cleaned, PNG or SVG", content: { 'image/png': BYTES, 'image/svg+xml': BYTES } },
  },
  'GET /feeds/opportunities': {
    query: FeedQuery,
    response: jsonResponse('A page of the RPDE feed: items in (modified, id) order, the next page, and the licence', FeedPageSchema),
  },
} satisfies GroupContract<'opportunities'>;

// The funnels' counts on the request path, through the handlers over an in-memory city: a person's
// view of an opportunity's or a pathway's page counts once in each period; a HEAD, the JSON and a
// robot count nothing; "Book or apply online" counts the click and goes to the opportunity's own
// booking URL whatever the request says (no open redirect); a table that fails to count never fails the
// page; and the published funnel tables show a provider its own pages only, percentages on a big base.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { createBadgeClass } from '../../functions/badge-classes/service';
import { addToCounters, putInsightsConfig, readCounters } from '../../functions/data/insights';
import { createProvider } from '../../functions/data/providers';
import type { Principal } from '../../functions/domain/api-keys';
import { DEFAULT_DISCLOSURE_RULE } from '../../functions/domain/disclosure';
import { cellKey, type Cell } from '../../functions/domain/insights';
import { Counts } from '../../functions/domain/insights-figures';
import { bookingTarget, funnelValue, isRobot } from '../../functions/domain/insights-funnels';
import { NewOpportunitySchema } from '../../functions/domain/opportunities';
import { NewPathwaySchema } from '../../functions/domain/pathways';
import type { HttpHandler } from '../../functions/http/route';
import { handler as opportunities } from '../../functions/opportunities/handler';
import { createOpportunity } from '../../functions/opportunities/service';
import { handler as pathways } from '../../functions/pathways/handler';
import { createPathway, publish } from '../../functions/pathways/service';
import { funnelTables } from '../../functions/services/insights-funnels';
import { syncSpine } from '../../functions/spine/service';
import { context, httpEvent } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { opportunityBody } from '../support/opportunity-body';
import { pathwayBody } from '../support/pathway-body';

const aws = new FakeAws();
const config = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
const makers: Principal = { role: 'provider', providerId: 'makers-guild', scopes: ['badges:manage', 'opportunities:manage'], keyPrefix: 'mak' };
const BROWSER = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'user-agent': BROWSER };
const BOOKING = 'https://booking.example.org/robots?session=1';

type Reply = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string>; body: string };
/** A GET, or a HEAD as API Gateway hands one over on the GET's handler (a route marked `head`). */
async function call(handler: HttpHandler, path: string, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET', query?: Record<string, string>) {
  const event = httpEvent({ path, headers, ...(query ? { query } : {}) });
  event.requestContext.http.method = method;
  return (await handler(event, context)) as Reply;
}

const cell = (measure: Cell['measure'], dimension: Cell['dimension'], value: string): string => cellKey({ measure, dimension, value, area: 'unknown', age: 'unknown' });
const viewsOf = async (page: 'opportunity' | 'pathway', owner: string | undefined, id: string, period: 'M' | 'Y' | 'ALL' = 'ALL', measure: 'views' | 'bookings' = 'views') => {
  const now = new Date().toISOString();
  const p = period === 'ALL' ? 'ALL' : period === 'Y' ? (`Y${now.slice(0, 4)}` as const) : (`M${now.slice(0, 7)}` as const);
  return (await readCounters(p)).get(cell(measure, page, funnelValue(owner, id))) ?? 0;
};

let opportunityId: string;
let noBookingId: string;
let pathwayId: string;
let robotClass: string;

beforeAll(async () => {
  await syncSpine(config.skillsSpine);
  await putInsightsConfig(config.insights);
  await createProvider({ id: 'makers-guild', name: 'Makers Guild', url: 'https://makers.example.org', email: 'hello@makers.example.org' }, new Date());
  await createProvider({ id: 'other-guild', name: 'Other Guild', url: 'https://other.example.org', email: 'hello@other.example.org' }, new Date());
  robotClass = (await createBadgeClass({ name: 'Robot Builder', description: 'Built a robot.', criteria: { narrative: 'Build it.' }, alignments: [{ skillId: 'coding' }], tags: [] }, makers, new Date())).id;
  opportunityId = (await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Robot workshop', badgeClassIds: [robotClass], takePart: { bookingUrl: BOOKING } })), makers, new Date())).id;
  noBookingId = (await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Drop-in night' })), makers, new Date())).id;
  pathwayId = (await publish((await createPathway(NewPathwaySchema.parse(pathwayBody([robotClass], { name: 'Into robots' })), makers, new Date())).id, makers, new Date())).id;
});

beforeEach(() => aws.clearFaults());

describe('robots and booking targets', () => {
  it('tells robots that name themselves from browsers', () => {
    for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0)', 'facebookexternalhit/1.1', 'curl/8.5.0', 'python-requests/2.31', 'Mozilla/5.0 HeadlessChrome/126.0', 'Slackbot-LinkExpanding 1.0', '', undefined]) {
      expect(isRobot(ua), String(ua)).toBe(true);
    }
    for (const ua of [BROWSER, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0']) {
      expect(isRobot(ua), ua).toBe(false);
    }
  });

  it('goes only to an http(s) booking URL', () => {
    expect(bookingTarget(BOOKING)).toBe(BOOKING);
    expect(bookingTarget('javascript:alert(1)')).toBeUndefined();
    expect(bookingTarget('not a url')).toBeUndefined();
    expect(bookingTarget(undefined)).toBeUndefined();
  });
});

describe('page views', { timeout: 60_000 }, () => {
  it("counts a person's view of an opportunity's page once in its month, its year and all time", async () => {
    const before = await Promise.all((['M', 'Y', 'ALL'] as const).map((p) => viewsOf('opportunity', 'makers-guild', opportunityId, p)));
    const reply = await call(opportunities, `/opportunities/${opportunityId}`, HTML);
    expect(reply.statusCode).toBe(200);
    // The page links to the booking route, not straight to the booking URL.
    expect(reply.body).toContain(`/opportunities/${opportunityId}/book`);
    expect(reply.body).not.toContain('booking.example.org');
    const after = await Promise.all((['M', 'Y', 'ALL'] as const).map((p) => viewsOf('opportunity', 'makers-guild', opportunityId, p)));
    expect(after).toEqual(before.map((n) => n + 1));
  });

  it('counts nothing for the JSON, a HEAD or a robot', async () => {
    const before = await viewsOf('opportunity', 'makers-guild', opportunityId);
    expect((await call(opportunities, `/opportunities/${opportunityId}`, { accept: 'application/json', 'user-agent': BROWSER })).statusCode).toBe(200);
    await call(opportunities, `/opportunities/${opportunityId}`, HTML, 'HEAD');
    expect((await call(opportunities, `/opportunities/${opportunityId}`, { ...HTML, 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' })).statusCode).toBe(200);
    expect((await call(opportunities, `/opportunities/${opportunityId}`, { accept: HTML.accept })).statusCode).toBe(200);
    expect(await viewsOf('opportunity', 'makers-guild', opportunityId)).toBe(before);
  });

  it("counts a view of a pathway's page under its provider", async () => {
    const before = await viewsOf('pathway', 'makers-guild', pathwayId);
    expect((await call(pathways, `/pathways/${pathwayId}`, HTML)).statusCode).toBe(200);
    expect((await call(pathways, `/pathways/${pathwayId}`, { ...HTML, 'user-agent': 'bingbot/2.0' })).statusCode).toBe(200);
    expect(await viewsOf('pathway', 'makers-guild', pathwayId)).toBe(before + 1);
  });

  it('spreads the views of one hot page over the shards, one ADD per period each', async () => {
    const adds: { input: any }[] = [];
    const stop = aws.inject((c) => {
      if (c.command === 'UpdateItem' && String(c.input.Key?.sk ?? '').startsWith('V|')) adds.push(c);
      return undefined;
    });
    for (let i = 0; i < 40; i++) await call(opportunities, `/opportunities/${opportunityId}`, HTML);
    stop();
    expect(adds).toHaveLength(120);
    expect(adds.every((c) => c.input.ConditionExpression === undefined && /^ADD /.test(String(c.input.UpdateExpression)))).toBe(true);
    expect(new Set(adds.map((c) => c.input.Key.pk)).size).toBeGreaterThan(3 * 4);
  });

  it('answers the page when the count fails', async () => {
    aws.fail('UpdateItem');
    const reply = await call(opportunities, `/opportunities/${opportunityId}`, HTML);
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain('Robot workshop');
  });
});

describe('booking clicks', { timeout: 60_000 }, () => {
  it("counts the click and answers 303 to the opportunity's own booking URL, never one the request names", async () => {
    const before = await viewsOf('opportunity', 'makers-guild', opportunityId, 'ALL', 'bookings');
    const reply = await call(opportunities, `/opportunities/${opportunityId}/book`, HTML, 'GET', { url: 'https://evil.example.com/', next: 'https://evil.example.com/', redirect: '//evil.example.com' });
    expect(reply.statusCode).toBe(303);
    expect(reply.headers.location).toBe(BOOKING);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(await viewsOf('opportunity', 'makers-guild', opportunityId, 'ALL', 'bookings')).toBe(before + 1);
    // A robot following the link goes there too, uncounted.
    expect((await call(opportunities, `/opportunities/${opportunityId}/book`, { 'user-agent': 'curl/8.5.0' })).headers.location).toBe(BOOKING);
    expect(await viewsOf('opportunity', 'makers-guild', opportunityId, 'ALL', 'bookings')).toBe(before + 1);
  });

  it('answers 404 for an opportunity with no booking URL, and for none at all', async () => {
    const none = await call(opportunities, `/opportunities/${noBookingId}/book`, HTML, 'GET', { url: 'https://evil.example.com/' });
    expect(none.statusCode).toBe(404);
    expect(none.headers.location).toBeUndefined();
    expect((await call(opportunities, '/opportunities/zzzzzzzzzzzzzzzz/book', HTML)).statusCode).toBe(404);
  });
});

describe('the funnel tables', { timeout: 60_000 }, () => {
  it("show a provider its own pages only, every step rounded, the rate withheld on a small base", async () => {
    const at = new Date('2026-03-10T10:00:00Z');
    const adds = (measure: Cell['measure'], dimension: Cell['dimension'], value: string, by: number) => ({ period: 'M2026-03' as const, shard: 1, cell: { measure, dimension, value, area: 'unknown', age: 'unknown' as const }, by });
    await addToCounters('funnel-test', [
      adds('views', 'opportunity', funnelValue('makers-guild', opportunityId), 212),
      adds('bookings', 'opportunity', funnelValue('makers-guild', opportunityId), 41),
      adds('claims', 'badge', robotClass, 12),
      adds('awards', 'badge', robotClass, 33),
      adds('views', 'opportunity', funnelValue('other-guild', 'oooooooooooooooo'), 500),
      adds('views', 'pathway', funnelValue('makers-guild', pathwayId), 14),
    ], at);
    const counts = new Counts(await readCounters('M2026-03'));
    const [own, ownPathways] = await funnelTables(counts, {}, 'makers-guild', 'March 2026', DEFAULT_DISCLOSURE_RULE);
    expect(own!.rows.map((r) => r.label)).toEqual(['Robot workshop']);
    expect(own!.columns.map((c) => c.key)).toEqual(['views', 'bookings', 'claims', 'awards', 'awards-per-views']);
    // Rounded to 5 from the exact counts; the rate from exact counts: 33 of 212.
    expect(own!.figures[0]).toEqual([210, 40, 10, 35, 15.6]);
    // 14 views: published rounded, but a base under 25 gives no rate.
    expect(ownPathways!.figures[0]![0]).toBe(15);
    expect(ownPathways!.figures[0]!.at(-1)).toBe('withheld');
    const city = await funnelTables(counts, {}, undefined, 'March 2026', DEFAULT_DISCLOSURE_RULE);
    expect(city[0]!.rows.map((r) => r.key)).toEqual([funnelValue('other-guild', 'oooooooooooooooo'), funnelValue('makers-guild', opportunityId)]);
  });
});

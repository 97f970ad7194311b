// The RPDE feed over an in-memory table: (modified, id) order, afterTimestamp/afterId paging, the last
// page's next is itself, a licence on every page, drafts as deleted items without data, and each item
// type with the fields OpenActive's Modelling Opportunity Data requires of it.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { createProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import { NewOpportunitySchema } from '../../../functions/domain/opportunities';
import { handler } from '../../../functions/opportunities/handler';
import { changeOpportunity, createOpportunity } from '../../../functions/opportunities/service';
import { syncSpine } from '../../../functions/spine/service';
import { httpEvent } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { opportunityBody, type Body } from '../../support/opportunity-body';

new FakeAws();
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage'], keyPrefix: 'lib' };
const base = process.env.PUBLIC_BASE_URL!;
const create = (body: Partial<Body>) => createOpportunity(NewOpportunitySchema.parse(opportunityBody(body)), principal, new Date());
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function read(query?: Record<string, string>) {
  const reply = await handler(httpEvent({ path: '/feeds/opportunities', ...(query ? { query } : {}) }), {} as Context);
  expect(reply.statusCode, String(reply.body)).toBe(200);
  return JSON.parse(String(reply.body)) as { next: string; license: string; items: { state: string; kind: string; id: string; modified: number; data?: Record<string, any> }[] };
}

const made: Record<string, string> = {};

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  await createProvider({ id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'a@library.example.org' }, new Date());
  made.series = (await create({ kind: 'activity', title: 'Code Club', schedule: { type: 'recurring', frequency: 'weekly', days: ['TU'], startTime: '17:00', endTime: '18:30', startDate: future(1), endDate: future(60), exceptions: [] } })).id;
  made.course = (await create({ kind: 'course', title: 'Web design', schedule: { type: 'sessions', sessions: [{ start: `${future(3)}T17:00:00Z`, end: `${future(3)}T19:00:00Z` }, { start: `${future(10)}T17:00:00Z`, end: `${future(10)}T19:00:00Z` }] } })).id;
  made.event = (await create({ kind: 'event', title: 'Maker day', cost: { type: 'paid', price: 3, currency: 'GBP' } })).id;
  made.online = (await create({ kind: 'volunteering', title: 'Online mentors', place: { mode: 'online', onlineUrl: 'https://meet.example.org/m' }, schedule: { type: 'open', from: future(0), until: future(90) } })).id;
  made.draft = (await create({ title: 'Not yet', status: 'draft' })).id;
  made.unpublished = (await create({ title: 'Withdrawn' })).id;
  await changeOpportunity(made.unpublished, { status: 'draft' }, principal, new Date());
  // Changes of the last 2 seconds are held back: read the feed from a little later.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 5000);
});

afterAll(() => {
  vi.useRealTimers();
});

describe('the RPDE feed', () => {
  it('lists every change in (modified, id) order, with a licence, and a last page whose next is itself', async () => {
    const first = await read();
    expect(first.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    const order = first.items.map((i) => [i.modified, i.id] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])));
    expect(first.items.map((i) => i.id)).toEqual(expect.arrayContaining(Object.values(made)));
    const last = first.items.at(-1)!;
    expect(first.next).toBe(`${base}/feeds/opportunities?afterTimestamp=${last.modified}&afterId=${last.id}`);
    const end = await read({ afterTimestamp: String(last.modified), afterId: last.id });
    expect(end.items).toEqual([]);
    expect(end.next).toBe(first.next);
    expect(end.license).toBe(first.license);
  });

  it('starts after the position given, exclusive of it', async () => {
    const all = (await read()).items;
    const third = all[2]!;
    const rest = await read({ afterTimestamp: String(third.modified), afterId: third.id });
    expect(rest.items.map((i) => i.id)).toEqual(all.slice(3).map((i) => i.id));
  });

  it('gives drafts, even once published, as deleted items without data', async () => {
    const items = (await read()).items;
    for (const id of [made.draft, made.unpublished]) {
      const item = items.find((i) => i.id === id)!;
      expect(item.state).toBe('deleted');
      expect(item.data).toBeUndefined();
    }
  });

  // Required by Modelling Opportunity Data 2.0 for every item type: @context, @type, @id/url, name,
  // organizer, activity (Concepts of a published list: the city's spine), location (a Place with an
  // address and geo) or a virtual location, and startDate or an eventSchedule; duration when a start and
  // end are known; ageRange (absent would mean adults only), offers with price and currency.
  const common = (data: Record<string, any>) => {
    expect(data['@context']).toEqual(['https://openactive.io/']);
    for (const field of ['@type', '@id', 'url', 'name', 'organizer', 'activity', 'ageRange', 'offers', 'eventStatus', 'eventAttendanceMode']) expect(data[field], field).toBeDefined();
    expect(data.organizer).toMatchObject({ '@type': 'Organization', name: 'Central Library', url: `${base}/issuers/central-library` });
    expect(data.activity[0]).toEqual({ '@type': 'Concept', '@id': `${base}/skills/coding`, prefLabel: 'Coding', inScheme: `${base}/skills` });
    expect(data.ageRange).toEqual({ '@type': 'QuantitativeValue', minValue: 9, maxValue: 14 });
    expect(data.offers[0]).toMatchObject({ '@type': 'Offer', price: expect.any(Number), priceCurrency: 'GBP' });
  };
  const physical = (data: Record<string, any>) =>
    expect(data.location).toMatchObject({
      '@type': 'Place',
      name: expect.any(String),
      address: { '@type': 'PostalAddress', streetAddress: expect.any(String), addressLocality: expect.any(String), postalCode: expect.any(String), addressCountry: 'GB' },
      geo: { '@type': 'GeoCoordinates', latitude: expect.any(Number), longitude: expect.any(Number) },
    });

  it('publishes a club as a SessionSeries with its schedule', async () => {
    const item = (await read()).items.find((i) => i.id === made.series)!;
    expect(item).toMatchObject({ state: 'updated', kind: 'SessionSeries' });
    common(item.data!);
    physical(item.data!);
    expect(item.data!.eventSchedule[0]).toMatchObject({
      '@type': 'PartialSchedule',
      repeatFrequency: 'P1W',
      byDay: ['https://schema.org/Tuesday'],
      startTime: '17:00',
      endTime: '18:30',
      startDate: expect.any(String),
      endDate: expect.any(String),
      scheduleTimezone: 'Europe/London',
      scheduledEventType: 'ScheduledSession',
    });
  });

  it('publishes a course as a CourseInstance with its sessions, each with start, end and duration', async () => {
    const item = (await read()).items.find((i) => i.id === made.course)!;
    expect(item.kind).toBe('CourseInstance');
    common(item.data!);
    physical(item.data!);
    expect(item.data!.startDate).toMatch(/T17:00:00Z$/);
    expect(item.data!.subEvent).toHaveLength(2);
    expect(item.data!.subEvent[0]).toMatchObject({ '@type': 'Event', startDate: expect.any(String), endDate: expect.any(String), duration: 'PT2H' });
  });

  it('publishes an event as an Event with startDate, endDate and duration, and an online one with its virtual location', async () => {
    const items = (await read()).items;
    const event = items.find((i) => i.id === made.event)!;
    expect(event.kind).toBe('Event');
    common(event.data!);
    physical(event.data!);
    expect(event.data!).toMatchObject({ startDate: expect.any(String), endDate: expect.any(String), duration: 'PT2H', isAccessibleForFree: false });
    const online = items.find((i) => i.id === made.online)!;
    common(online.data!);
    expect(online.data!.location).toBeUndefined();
    expect(online.data!).toMatchObject({ virtualLocation: { '@type': 'VirtualLocation', url: 'https://meet.example.org/m' }, eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode', startDate: expect.any(String) });
  });

  it('refuses half a position, naming the field', async () => {
    const reply = await handler(httpEvent({ path: '/feeds/opportunities', query: { afterTimestamp: '1' } }), {} as Context);
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(String(reply.body)).errors).toEqual([{ in: 'query', field: 'afterId', detail: 'comes with afterTimestamp and afterId together' }]);
  });
});

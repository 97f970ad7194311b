// The opportunity's rules: every bad field named, schedules worked out in their own time zone
// (exceptions, fortnights, clock changes), search terms, cells around a point and matching.
import { describe, expect, it } from 'vitest';
import { NewOpportunitySchema, sessionsOf, spanOf, upcomingSessions, zonedInstant, type Schedule } from '../../../functions/domain/opportunities';
import { cardOf, coveringCells, distanceKm, matches, splitDepth, termsOf } from '../../../functions/domain/opportunity-search';
import { fieldName } from '../../../functions/domain/errors';
import { opportunityBody } from '../../support/opportunity-body';

const problems = (value: unknown) => {
  const result = NewOpportunitySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => fieldName(i.path));
};

describe('a new opportunity', () => {
  it('is valid as built, with defaults for status and languages', () => {
    const parsed = NewOpportunitySchema.parse({ ...opportunityBody(), languages: undefined, status: undefined });
    expect(parsed.status).toBe('published');
    expect(parsed.languages).toEqual(['en']);
  });

  it('names each bad field', () => {
    const { ageRange: _a, ...withoutAge } = opportunityBody();
    expect(problems(withoutAge)).toEqual(['ageRange']);
    expect(problems(opportunityBody({ ageRange: { min: 16, max: 12 } }))).toEqual(['ageRange.max']);
    expect(problems(opportunityBody({ kind: 'party' as never }))).toEqual(['kind']);
    expect(problems(opportunityBody({ skills: [] }))).toEqual(['skills']);
    expect(problems(opportunityBody({ cost: { type: 'paid', price: 4.555, currency: 'GBP' } }))).toEqual(['cost.price']);
    expect(problems(opportunityBody({ cost: { type: 'paid', price: 5, currency: 'pounds' } }))).toEqual(['cost.currency']);
    expect(problems(opportunityBody({ place: { mode: 'in-person' } }))).toEqual(['place.venue']);
    expect(problems(opportunityBody({ place: { mode: 'online', onlineUrl: 'javascript:alert(1)' } }))).toEqual(['place.onlineUrl']);
    const venue = opportunityBody().place.venue!;
    expect(problems(opportunityBody({ place: { mode: 'blended', venue: { ...venue, latitude: 123 } } }))).toEqual(['place.venue.latitude']);
    expect(problems(opportunityBody({ takePart: {} }))).toEqual(['takePart']);
    expect(problems(opportunityBody({ accessibility: { supports: ['teleporter' as never] } }))).toEqual(['accessibility.supports[0]']);
    expect(problems(opportunityBody({ languages: ['English'] }))).toEqual(['languages[0]']);
    expect(problems(opportunityBody({ capacity: { places: 10, placesLeft: 11 } }))).toEqual(['capacity.placesLeft']);
    expect(problems(opportunityBody({ schedule: { type: 'sessions', sessions: [{ start: '2026-09-01T17:00:00Z', end: '2026-09-01T16:00:00Z' }] } }))).toEqual(['schedule.sessions[0].end']);
    expect(
      problems(opportunityBody({ schedule: { type: 'recurring', frequency: 'weekly', days: ['MO'], startTime: '18:00', endTime: '17:00', startDate: '2026-09-01', endDate: '2026-12-01', timezone: 'Mars/Olympus' } })),
    ).toEqual(['schedule.timezone', 'schedule.endTime']);
  });
});

describe('schedules', () => {
  const weekly: Schedule = {
    type: 'recurring',
    frequency: 'weekly',
    days: ['TU', 'TH'],
    startTime: '17:00',
    endTime: '18:30',
    startDate: '2026-10-20',
    endDate: '2026-11-05',
    timezone: 'Europe/London',
    exceptions: ['2026-10-27'],
  };

  it('meets on its days in its own time zone, across the clock change, skipping exceptions', () => {
    const starts = [...sessionsOf(weekly)].map((s) => s.start.toISOString());
    // British Summer Time ends on 25 October 2026: 17:00 is 16:00Z before and 17:00Z after.
    expect(starts).toEqual(['2026-10-20T16:00:00.000Z', '2026-10-22T16:00:00.000Z', '2026-10-29T17:00:00.000Z', '2026-11-03T17:00:00.000Z', '2026-11-05T17:00:00.000Z']);
    expect(spanOf(weekly)).toEqual({ startsAt: '2026-10-20T16:00:00.000Z', endsAt: '2026-11-05T18:30:00.000Z' });
  });

  it('meets every other week when fortnightly, counting from the first week', () => {
    const dates = [...sessionsOf({ ...weekly, frequency: 'fortnightly', days: ['MO'], startDate: '2026-10-07', endDate: '2026-11-30', exceptions: [] })].map((s) => s.start.toISOString().slice(0, 10));
    expect(dates).toEqual(['2026-10-19', '2026-11-02', '2026-11-16', '2026-11-30']);
  });

  it('gives the sessions still to come', () => {
    const next = upcomingSessions(weekly, new Date('2026-10-28T12:00:00Z'), 2);
    expect(next.map((s) => s.start.toISOString())).toEqual(['2026-10-29T17:00:00.000Z', '2026-11-03T17:00:00.000Z']);
  });

  it('gives the same sessions to come from any moment as walking the whole series, in zones far from UTC too', () => {
    // A year of weekly evenings: the days long past are skipped, never the session that is still on.
    for (const timezone of ['Europe/London', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns']) {
      const year: Schedule = { ...weekly, days: ['MO', 'FR'], startTime: '20:00', endTime: '23:59', startDate: '2026-01-02', endDate: '2026-12-31', timezone, exceptions: ['2026-06-05'] };
      const all = [...sessionsOf(year)];
      for (const session of all.filter((_, i) => i % 9 === 0)) {
        for (const now of [new Date(session.start.getTime() - 1), new Date(session.end.getTime() - 1), session.end]) {
          const expected = all.filter((s) => s.end > now).slice(0, 3);
          expect(upcomingSessions(year, now, 3), `${timezone} at ${now.toISOString()}`).toEqual(expected);
        }
      }
    }
  });

  it('turns wall-clock times into the instants Intl gives, on the days clocks change too, in every zone', () => {
    // The reference: the zone's offset asked of Intl at the instant itself, every time (no cache).
    const formats = new Map<string, Intl.DateTimeFormat>();
    const exact = (date: string, time: string, timeZone: string) => {
      const format = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      formats.set(timeZone, format);
      const offset = (utc: number) => {
        const p = Object.fromEntries(format.formatToParts(new Date(utc)).map((part) => [part.type, part.value]));
        return Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}Z`) - utc;
      };
      const guess = Date.parse(`${date}T${time}:00Z`);
      return new Date(guess - offset(guess - offset(guess))).toISOString();
    };
    const times = Array.from({ length: 96 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // Zones whose clocks change oddly: by 30 minutes (Lord Howe), at 45 minutes past (Chatham), at
    // midnight (Havana, Santiago), twice a year around Ramadan (Casablanca), by two hours (Troll).
    const odd = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Havana', 'America/Santiago', 'Africa/Casablanca', 'Antarctica/Troll', 'Asia/Gaza', 'Pacific/Auckland'];
    for (const timeZone of odd) {
      // Every day from the clock change's eve to the day after, the year round: each quarter hour.
      const changes: string[] = [];
      for (let ms = Date.parse('2026-01-01'); ms < Date.parse('2028-01-01'); ms += 86_400_000) {
        const before = new Date(ms).toLocaleString('en-GB', { timeZone, timeZoneName: 'longOffset' }).split('GMT')[1];
        const after = new Date(ms + 86_400_000).toLocaleString('en-GB', { timeZone, timeZoneName: 'longOffset' }).split('GMT')[1];
        if (before !== after) changes.push(day(ms - 86_400_000), day(ms), day(ms + 86_400_000), day(ms + 2 * 86_400_000));
      }
      expect(changes.length, timeZone).toBeGreaterThan(0);
      for (const date of changes) for (const time of times) expect(zonedInstant(date, time, timeZone).toISOString(), `${date} ${time} ${timeZone}`).toBe(exact(date, time, timeZone));
    }
    // Every zone Intl knows, at a time of its own on a day of its own.
    for (const [i, timeZone] of Intl.supportedValuesOf('timeZone').entries()) {
      const date = day(Date.parse('2026-01-01') + ((i * 7919) % 730) * 86_400_000);
      const time = times[(i * 31) % 96]!;
      expect(zonedInstant(date, time, timeZone).toISOString(), `${date} ${time} ${timeZone}`).toBe(exact(date, time, timeZone));
    }
  });

  it('turns wall-clock times into instants in other zones too', () => {
    expect(zonedInstant('2026-07-01', '09:30', 'America/New_York').toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(zonedInstant('2026-01-15', '09:30', 'Asia/Kolkata').toISOString()).toBe('2026-01-15T04:00:00.000Z');
  });
});

describe('search', () => {
  it('stems and folds words, dropping stop words', () => {
    expect(termsOf('Coding for Beginners: the Café Coders')).toEqual(['code', 'beginn', 'cafe', 'coder']);
    expect(termsOf('the and of')).toEqual([]);
  });

  it('covers a circle with at most 150 cells, nearest first, whatever the radius', () => {
    const point = { lat: 52.4797, lng: -1.9027 };
    for (const radius of [0.2, 1, 5, 20, 50]) {
      const cells = coveringCells(point, radius);
      expect(cells.length, `${radius} km`).toBeGreaterThan(0);
      expect(cells.length, `${radius} km`).toBeLessThanOrEqual(150);
      expect(cells[0]!.minKm).toBe(0);
      expect(cells.map((c) => c.minKm)).toEqual([...cells.map((c) => c.minKm)].sort((a, b) => a - b));
    }
    expect(distanceKm(point, { lat: 52.4862, lng: -1.8904 })).toBeCloseTo(1.07, 1);
  });

  it('splits a full cell two levels where one read covered less than a 32nd of it, else one, never past 9 characters', () => {
    // 25 items reaching a 64th of the way through cell gcqd9 (key order): its sub-cells would hold ~50 each.
    expect(splitDepth('gcqd9', undefined, 'gcqd90g00#x')).toBe(7);
    // Reaching half-way: a sub-cell holds about one read.
    expect(splitDepth('gcqd9', undefined, 'gcqd9h000#x')).toBe(6);
    // Read on from a start: what this read covered is from the start to its last key.
    expect(splitDepth('gcqd9', 'gcqd9h000#x', 'gcqd9h0zz#y')).toBe(7);
    expect(splitDepth('gcqd9wkbc', 'gcqd9wkbc#a', 'gcqd9wkbc#b')).toBe(9);
    expect(splitDepth('gcqd9wkb', undefined, 'gcqd9wkb0#b')).toBe(9);
  });

  it('matches a card only on every filter given, and never once it has ended', () => {
    const opportunity = {
      ...NewOpportunitySchema.parse(opportunityBody({ cost: { type: 'paid', price: 3, currency: 'GBP' } })),
      id: 'a'.repeat(16),
      providerId: 'central-library',
      ...spanOf(NewOpportunitySchema.parse(opportunityBody()).schedule),
      createdAt: '',
      updatedAt: '',
    };
    const card = cardOf(opportunity, 'Central Library', termsOf('code club scratch'));
    const now = new Date();
    expect(matches(card, {}, now)).toBe(true);
    expect(matches(card, { age: 10, kind: ['activity'], skill: ['coding'], terms: ['code'], mode: 'in-person' }, now)).toBe(true);
    expect(matches(card, { age: 15 }, now)).toBe(false);
    expect(matches(card, { free: 'true' }, now)).toBe(false);
    expect(matches(card, { mode: 'online' }, now)).toBe(false);
    expect(matches(card, { skill: ['coding', 'teamwork'] }, now)).toBe(false);
    expect(matches(card, { near: { lat: 52.4797, lng: -1.9027 }, radiusKm: 1 }, now)).toBe(true);
    expect(matches(card, { near: { lat: 51.5, lng: -0.12 }, radiusKm: 50 }, now)).toBe(false);
    expect(matches(card, { to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }, now)).toBe(false);
    expect(matches(card, {}, new Date(Date.parse(card.endsAt) + 1))).toBe(false);
  });
});

// "Add to calendar" by RFC 5545 (CRLF lines folded at 75 octets, escaped text, one UTC event per
// session, all-day for open schedules), and the page's JSON-LD with the fields search engines require.
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, opportunityCalendar } from '../../../functions/domain/calendar';
import { searchEngineData, type LinkedDataContext } from '../../../functions/domain/opportunity-jsonld';
import { opportunity } from '../../support/portal-fixtures';

const context: LinkedDataContext = {
  baseUrl: 'https://learn.demo.example',
  url: 'https://learn.demo.example/opportunities/x',
  provider: { id: 'central-library', name: 'Central Library', url: 'https://learn.demo.example/issuers/central-library' },
  skillNames: new Map([['coding', 'Coding']]),
  badges: [{ name: 'Coder', url: 'https://learn.demo.example/badge-classes/aaaaaaaaaaaaaaaa' }],
};
const calendarContext = { url: context.url, host: 'learn.demo.example', providerName: 'Central Library' };

describe('iCalendar', () => {
  it('escapes text and folds long lines without splitting a character', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });

  it('has one event per session of a recurring series, at the right UTC instants, skipping exceptions', () => {
    const series = opportunity({
      schedule: { type: 'recurring', frequency: 'weekly', days: ['TU'], startTime: '17:00', endTime: '18:30', startDate: '2026-10-20', endDate: '2026-11-03', timezone: 'Europe/London', exceptions: ['2026-10-27'] },
    });
    const ics = opportunityCalendar(series, calendarContext);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect([...ics.matchAll(/^DTSTART:(\S+)\r$/gm)].map((m) => m[1])).toEqual(['20261020T160000Z', '20261103T170000Z']);
    expect(ics.match(/^UID:/gm)).toHaveLength(2);
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('is one all-day event for an open schedule, and says when it is cancelled', () => {
    const role = opportunity({ kind: 'volunteering', schedule: { type: 'open', from: '2026-03-01', until: '2026-03-31' } }, 'cancelled');
    const ics = opportunityCalendar(role, calendarContext);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260301\r\nDTEND;VALUE=DATE:20260401');
    expect(ics).toContain('STATUS:CANCELLED');
  });
});

describe('JSON-LD for search engines', () => {
  it('makes a course a Course with a CourseInstance and offers', () => {
    const data = searchEngineData(opportunity({ kind: 'course', cost: { type: 'paid', price: 45, currency: 'GBP' } }), context, new Date());
    expect(data).toMatchObject({ '@type': 'Course', name: expect.any(String), description: expect.any(String), provider: { name: 'Central Library' } });
    const instance = (data.hasCourseInstance as Record<string, unknown>[])[0]!;
    expect(instance).toMatchObject({ '@type': 'CourseInstance', courseMode: 'Onsite', courseWorkload: 'PT2H' });
    expect((data.offers as Record<string, unknown>[])[0]).toMatchObject({ price: 45, priceCurrency: 'GBP', category: 'Paid' });
  });

  it('makes an event an Event with name, startDate and location', () => {
    const data = searchEngineData(opportunity({ kind: 'event' }), context, new Date());
    expect(data).toMatchObject({ '@type': 'Event', name: expect.any(String), startDate: expect.stringMatching(/Z$/), location: [{ '@type': 'Place', address: { postalCode: 'DC1 1AA' } }] });
  });

  it('makes a job a JobPosting with datePosted, description, hiringOrganization, jobLocation, title and validThrough', () => {
    const data = searchEngineData(opportunity({ kind: 'job', schedule: { type: 'open', from: '2026-01-01', until: '2027-01-31' } }), context, new Date());
    for (const field of ['datePosted', 'description', 'hiringOrganization', 'jobLocation', 'title', 'validThrough']) expect(data[field], field).toBeDefined();
    expect(data.validThrough).toBe('2027-01-31T23:59:59Z');
  });
});

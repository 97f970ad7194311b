// An opportunity of the city's directory: something a learner can do next (a club, a course, an event,
// volunteering, a placement, an apprenticeship, a job), published by a provider. The fields follow
// OpenActive's Modelling Opportunity Data 2.0 where it has one (age range, accessibility support, offers,
// schedules) so that the RPDE feed and the pages' schema.org JSON-LD are straight translations. Pure.
import * as z from 'zod/mini';
import { providerId } from './providers';
import { BADGE_CLASS_ID_LENGTH } from './badge-classes';
import { randomIdPattern } from './ids';

export const OPPORTUNITY_ID_LENGTH = 16; // 80 random bits
export const opportunityIdPattern = randomIdPattern(OPPORTUNITY_ID_LENGTH);

export const OPPORTUNITY_KINDS = ['activity', 'course', 'event', 'volunteering', 'work-experience', 'apprenticeship', 'job'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];
export const KIND_NAMES: Record<OpportunityKind, string> = {
  activity: 'Activity or club',
  course: 'Course',
  event: 'Event',
  volunteering: 'Volunteering',
  'work-experience': 'Work experience or placement',
  apprenticeship: 'Apprenticeship',
  job: 'Job',
};

/** OpenActive's accessibility supports (its accessibility-support concept list), by our short names. */
export const ACCESSIBILITY_SUPPORTS = {
  'wheelchair-access': 'Wheelchair access',
  'step-free-access': 'Step-free access',
  'accessible-toilet': 'Accessible toilet',
  'changing-places': 'Changing Places toilet',
  'hearing-loop': 'Hearing loop',
  'sign-language': 'British Sign Language interpreter',
  'visual-impairment': 'Support for visual impairment',
  'learning-disability': 'Support for learning disabilities',
  'sensory-friendly': 'Sensory-friendly (quiet, low light)',
  'quiet-space': 'Quiet space',
  'carer-goes-free': 'A carer or companion goes free',
} as const;
export type AccessibilitySupport = keyof typeof ACCESSIBILITY_SUPPORTS;

export const STATUSES = ['draft', 'published', 'cancelled', 'full'] as const;
export type OpportunityStatus = (typeof STATUSES)[number];
/** What search, the pages and the feed show: a full opportunity still shows, with "full" on it. */
export const isListed = (status: OpportunityStatus) => status === 'published' || status === 'full';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a lowercase slug'));
const webUrl = z.httpUrl().check(z.maxLength(2000));
const isoDate = z.iso.date({ error: 'must be a date like 2026-09-01' });
const instant = z.iso.datetime({ offset: true, error: 'must be a date and time with its offset, like 2026-09-01T17:00:00+01:00' });
const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 17:30'));
const timezone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/London'),
);

const DAY_MS = 86_400_000;
const MAX_SERIES_DAYS = 3 * 366;

/** One-off sessions: each with its start and end (a one-day event is one session). */
const SessionsScheduleSchema = z.object({
  type: z.literal('sessions'),
  sessions: z
    .array(
      z.object({ start: instant, end: instant }).check(
        z.refine((s) => Date.parse(s.end) > Date.parse(s.start), { path: ['end'], message: 'must be after start' }),
        z.refine((s) => Date.parse(s.end) - Date.parse(s.start) <= 31 * DAY_MS, { path: ['end'], message: 'must be within 31 days of start' }),
      ),
    )
    .check(z.minLength(1, 'needs at least one session'), z.maxLength(50)),
});

const recurringFields = {
  type: z.literal('recurring'),
  frequency: z.enum(['weekly', 'fortnightly']),
  days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1, 'needs at least one day'), z.maxLength(7)),
  startTime: clock,
  endTime: clock,
  startDate: isoDate,
  endDate: isoDate,
};

/** Recurring sessions: OpenActive's Schedule (repeatFrequency, byDay, startTime/endTime, exceptDate). */
const RecurringScheduleSchema = z
  .object({
    ...recurringFields,
    timezone: z._default(timezone, 'Europe/London'),
    /** Dates with no session (holidays). */
    exceptions: z._default(z.array(isoDate).check(z.maxLength(100)), []),
  })
  .check(
    z.refine((s) => s.endTime > s.startTime, { path: ['endTime'], message: 'must be after startTime' }),
    z.refine((s) => s.endDate >= s.startDate, { path: ['endDate'], message: 'must not be before startDate' }),
    z.refine((s) => (Date.parse(s.endDate) - Date.parse(s.startDate)) / DAY_MS <= MAX_SERIES_DAYS, { path: ['endDate'], message: 'must be within 3 years of startDate' }),
  );

const openFields = {
  type: z.literal('open'),
  /** From when people can apply or start. */
  from: isoDate,
  /** When applications close (JobPosting validThrough). */
  until: isoDate,
  /** In words: "Saturdays, 10:00 to 13:00, flexible", "37.5 hours a week". */
  hours: z.optional(text(200)),
};

/** Open for a period rather than at set times: a job or volunteering role, a placement scheme. */
const OpenScheduleSchema = z
  .object(openFields)
  .check(
    z.refine((s) => s.until >= s.from, { path: ['until'], message: 'must not be before from' }),
    z.refine((s) => (Date.parse(s.until) - Date.parse(s.from)) / DAY_MS <= MAX_SERIES_DAYS, { path: ['until'], message: 'must be within 3 years of from' }),
  );

/** A schedule as given: every rule checked. */
export const ScheduleSchema = z.discriminatedUnion('type', [SessionsScheduleSchema, RecurringScheduleSchema, OpenScheduleSchema]);

/** A schedule as stored (it passed ScheduleSchema when it was given): its shape, for answers and reads. */
export const StoredScheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sessions'), sessions: z.array(z.object({ start: z.string(), end: z.string() })) }),
  z.object({ ...recurringFields, startTime: z.string(), endTime: z.string(), startDate: z.string(), endDate: z.string(), timezone: z.string(), exceptions: z.array(z.string()) }),
  z.object({ type: z.literal('open'), from: z.string(), until: z.string(), hours: z.optional(z.string()) }),
]);
export type Schedule = z.infer<typeof StoredScheduleSchema>;

export const VenueSchema = z.object({
  name: text(200),
  streetAddress: text(200),
  locality: text(100),
  region: z.optional(text(100)),
  postcode: text(12),
  country: z._default(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code like GB')), 'GB'),
  latitude: z.number().check(z.minimum(-90), z.maximum(90)),
  longitude: z.number().check(z.minimum(-180), z.maximum(180)),
});

export const PlaceSchema = z
  .object({
    mode: z.enum(['in-person', 'online', 'blended']),
    venue: z.optional(VenueSchema),
    /** Where online sessions happen, when it can be published. */
    onlineUrl: z.optional(webUrl),
  })
  .check(
    z.refine((p) => p.mode === 'online' || p.venue !== undefined, { path: ['venue'], message: 'is required for in-person and blended opportunities' }),
    z.refine((p) => p.mode !== 'online' || p.venue === undefined, { path: ['venue'], message: 'must be left out of an online-only opportunity' }),
  );

export const CostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('free'), concessions: z.optional(text(500)) }),
  z.object({
    type: z.literal('paid'),
    price: z.number().check(z.positive('must be more than 0 (use type "free")'), z.maximum(100000), z.refine((n) => Math.round(n * 100) === n * 100, 'must have at most 2 decimal places')),
    currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code like GBP')), 'GBP'),
    concessions: z.optional(text(500)),
  }),
]);

/** OpenActive's ageRange: a missing range means adults only, so every opportunity states one. */
export const AgeRangeSchema = z
  .object({
    min: z.number().check(z.int(), z.minimum(0), z.maximum(120)),
    max: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(120))),
  })
  .check(z.refine((a) => a.max === undefined || a.max >= a.min, { path: ['max'], message: 'must not be below min' }));

export const TakePartSchema = z
  .object({
    bookingUrl: z.optional(webUrl),
    email: z.optional(z.email().check(z.maxLength(320))),
    justTurnUp: z.optional(z.boolean()),
    /** Anything else to know before coming: what to bring, who to ask for. */
    notes: z.optional(text(1000)),
  })
  .check(z.refine((t) => t.bookingUrl !== undefined || t.email !== undefined || t.justTurnUp === true, 'needs a bookingUrl, an email, or justTurnUp: true'));

const opportunityFields = {
  title: text(200),
  description: text(5000),
  kind: z.enum(OPPORTUNITY_KINDS),
  /** Skills of the city's spine it builds, optionally at one of the spine's levels. */
  skills: z.array(z.object({ skillId: slug, level: z.optional(slug) })).check(z.minLength(1, 'needs at least one skill'), z.maxLength(8)),
  /** Badge classes a learner can earn by taking part. */
  badgeClassIds: z.array(z.string().check(z.regex(randomIdPattern(BADGE_CLASS_ID_LENGTH), 'must be a badge class id'))).check(z.maxLength(10)),
  ageRange: AgeRangeSchema,
  cost: CostSchema,
  schedule: ScheduleSchema,
  place: PlaceSchema,
  accessibility: z.object({
    supports: z.array(z.enum(Object.keys(ACCESSIBILITY_SUPPORTS) as [AccessibilitySupport, ...AccessibilitySupport[]])).check(z.maxLength(11)),
    notes: z.optional(text(1000)),
  }),
  capacity: z.optional(
    z
      .object({ places: z.number().check(z.int(), z.minimum(1), z.maximum(100000)), placesLeft: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100000))) })
      .check(z.refine((c) => c.placesLeft === undefined || c.placesLeft <= c.places, { path: ['placesLeft'], message: 'must not be more than places' })),
  ),
  takePart: TakePartSchema,
  /** BCP 47 language tags, e.g. en, cy, pl, ur. */
  languages: z.array(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or pt-BR'))).check(z.minLength(1), z.maxLength(10)),
};

export const NewOpportunitySchema = z.object({
  ...opportunityFields,
  badgeClassIds: z._default(opportunityFields.badgeClassIds, []),
  accessibility: z._default(opportunityFields.accessibility, { supports: [] }),
  languages: z._default(opportunityFields.languages, ['en']),
  /** Cancelling has its own route. */
  status: z._default(z.enum(['draft', 'published', 'full']), 'published'),
  /** Which provider offers it: a provider key acts for itself; a city admin must name one. */
  providerId: z.optional(providerId),
});
export type NewOpportunity = z.infer<typeof NewOpportunitySchema>;

export const OpportunityChangesSchema = z
  .partial(z.object({ ...opportunityFields, status: z.enum(['draft', 'published', 'full']) }))
  .check(z.refine((changes) => Object.values(changes).some((v) => v !== undefined), 'must change at least one field'));
export type OpportunityChanges = z.infer<typeof OpportunityChangesSchema>;

/** As stored and answered: the fields given, and what the directory worked out from them. */
export const OpportunitySchema = z.object({
  id: z.string(),
  providerId: z.string(),
  title: z.string(),
  description: z.string(),
  kind: z.enum(OPPORTUNITY_KINDS),
  skills: z.array(z.object({ skillId: z.string(), level: z.optional(z.string()) })),
  badgeClassIds: z.array(z.string()),
  ageRange: z.object({ min: z.number(), max: z.optional(z.number()) }),
  cost: z.discriminatedUnion('type', [
    z.object({ type: z.literal('free'), concessions: z.optional(z.string()) }),
    z.object({ type: z.literal('paid'), price: z.number(), currency: z.string(), concessions: z.optional(z.string()) }),
  ]),
  schedule: StoredScheduleSchema,
  place: z.object({ mode: z.enum(['in-person', 'online', 'blended']), venue: z.optional(VenueSchema), onlineUrl: z.optional(z.string()) }),
  accessibility: z.object({ supports: z.array(z.enum(Object.keys(ACCESSIBILITY_SUPPORTS) as [AccessibilitySupport, ...AccessibilitySupport[]])), notes: z.optional(z.string()) }),
  capacity: z.optional(z.object({ places: z.number(), placesLeft: z.optional(z.number()) })),
  takePart: z.object({ bookingUrl: z.optional(z.string()), email: z.optional(z.string()), justTurnUp: z.optional(z.boolean()), notes: z.optional(z.string()) }),
  languages: z.array(z.string()),
  status: z.enum(STATUSES),
  /** Its picture, uploaded through the same cleaning as badge images (PUT …/image): where the bucket keeps it. */
  image: z.optional(z.object({ key: z.string(), type: z.enum(['png', 'svg']) })),
  /** The first session's start (or `from` for an open schedule), UTC. */
  startsAt: z.string(),
  /** The last session's end (or the end of `until`), UTC: after it, the opportunity drops out of search. */
  endsAt: z.string(),
  createdAt: z.string(),
  /** Every change moves it; the RPDE feed is ordered by it. */
  updatedAt: z.string(),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

/** A stored opportunity as a new version with `changes` applied (pure: the caller stores it). */
export function applyChanges(previous: Opportunity, changes: OpportunityChanges, now: Date): Opportunity {
  const next = { ...previous, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), updatedAt: now.toISOString() } as Opportunity;
  return { ...next, ...spanOf(next.schedule) };
}

// ---- Time: sessions of a schedule, in the schedule's time zone -------------------------------------

// One formatter per zone: making an Intl.DateTimeFormat costs far more than formatting with it, and
// a page works out offsets for many sessions. The zones are the IANA names schedules may hold, so the
// map stays small.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset (its wall clock less UTC, ms) at `utc`, a whole second, as Intl gives it. */
function exactOffset(timeZone: string, utc: number): number {
  const parts = Object.fromEntries(zoneFormat(timeZone).formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
  return Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`) - utc;
}

// A formatToParts costs ~8 µs, a session's start and end four of them, so a page of 20 series paid
// ~2 ms for its "next session" lines. A zone's offset changes at a transition or two a year, so it is
// worked out once per zone and UTC day: where the day's first and last second have the same offset,
// the whole day has it (no zone has two transitions in one day that cancel out); a day with a
// transition in it is worked out instant by instant. Bounded, as a container may see many days:
// cleared when full.
const dayOffsets = new Map<string, number | null>();
const MAX_DAY_OFFSETS = 20_000;

function offsetAt(timeZone: string, utc: number): number {
  const day = Math.floor(utc / DAY_MS);
  const key = `${day} ${timeZone}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = exactOffset(timeZone, day * DAY_MS);
    offset = first === exactOffset(timeZone, (day + 1) * DAY_MS - 1000) ? first : null;
    if (dayOffsets.size >= MAX_DAY_OFFSETS) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset ?? exactOffset(timeZone, utc);
}

/** The UTC instant of a wall-clock time in `timeZone` (DST-correct: the zone's offset at that moment). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const first = guess - offsetAt(timeZone, guess);
  return new Date(guess - offsetAt(timeZone, first));
}

export interface Session {
  start: Date;
  end: Date;
}

const weekdayOf = (date: string): Weekday => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The sessions of a schedule in order, from the first (an open schedule has none). With `fromDate`
 * (YYYY-MM-DD), a recurring series starts on that day instead: days before it are not worked out.
 */
export function* sessionsOf(schedule: Schedule, fromDate?: string): Generator<Session> {
  if (schedule.type === 'sessions') {
    const sorted = [...schedule.sessions].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (const s of sorted) yield { start: new Date(s.start), end: new Date(s.end) };
    return;
  }
  if (schedule.type === 'open') return;
  const skip = new Set(schedule.exceptions);
  const days = new Set(schedule.days);
  // Fortnightly series count weeks from the week the series starts in (Monday-based).
  const firstMonday = addDays(schedule.startDate, -WEEKDAYS.indexOf(weekdayOf(schedule.startDate)));
  const start = fromDate && fromDate > schedule.startDate ? fromDate : schedule.startDate;
  for (let date = start; date <= schedule.endDate; date = addDays(date, 1)) {
    if (!days.has(weekdayOf(date)) || skip.has(date)) continue;
    if (schedule.frequency === 'fortnightly' && Math.floor((Date.parse(date) - Date.parse(firstMonday)) / (7 * DAY_MS)) % 2 === 1) continue;
    yield { start: zonedInstant(date, schedule.startTime, schedule.timezone), end: zonedInstant(date, schedule.endTime, schedule.timezone) };
  }
}

/** When the opportunity starts and ends, UTC (an open schedule runs from `from` to the end of `until`, in UTC days). */
export function spanOf(schedule: Schedule): { startsAt: string; endsAt: string } {
  if (schedule.type === 'open') {
    return { startsAt: `${schedule.from}T00:00:00.000Z`, endsAt: `${schedule.until}T23:59:59.999Z` };
  }
  let first: Session | undefined;
  let last: Session | undefined;
  for (const session of sessionsOf(schedule)) {
    first ??= session;
    if (!last || session.end > last.end) last = session;
  }
  if (!first || !last) {
    // A recurring series whose every day is an exception: it never meets.
    const date = schedule.type === 'recurring' ? schedule.startDate : '1970-01-01';
    return { startsAt: `${date}T00:00:00.000Z`, endsAt: `${date}T00:00:00.000Z` };
  }
  return { startsAt: first.start.toISOString(), endsAt: last.end.toISOString() };
}

/**
 * Up to `count` sessions that have not ended by `now`. A series' days up to two days before `now` are
 * skipped unseen: no zone is more than 14 hours from UTC, so their sessions have ended.
 */
export function upcomingSessions(schedule: Schedule, now: Date, count: number): Session[] {
  const upcoming: Session[] = [];
  for (const session of sessionsOf(schedule, addDays(now.toISOString().slice(0, 10), -2))) {
    if (session.end <= now) continue;
    upcoming.push(session);
    if (upcoming.length >= count) break;
  }
  return upcoming;
}

/** A schedule that meets on no day at all (every day an exception) is refused, naming the field. */
export function scheduleProblem(schedule: Schedule): { field: string; detail: string } | undefined {
  if (schedule.type === 'recurring' && sessionsOf(schedule).next().done) {
    return { field: 'schedule.days', detail: 'meet on no date between startDate and endDate (check days and exceptions)' };
  }
  return undefined;
}

export const opportunityUrls = (baseUrl: string, id: string) => {
  const page = `${baseUrl}/opportunities/${id}`;
  return { page, calendar: `${page}/calendar`, image: `${page}/image`, book: `${page}/book` };
};

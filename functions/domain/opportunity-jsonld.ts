// Opportunities as schema.org JSON-LD, two ways. For open data (the RPDE feed): OpenActive's Modelling
// Opportunity Data 2.0 — a club is a SessionSeries with its Schedule or ScheduledSessions, a course a
// CourseInstance, the rest an Event — with the city's skills spine as the activity list. For search
// engines (the page): Course + CourseInstance, Event, or JobPosting with the fields their rich results
// require. Both come from the same parts, so a feed item and a page never disagree. Pure.
import { ACCESSIBILITY_SUPPORTS, sessionsOf, upcomingSessions, WEEKDAY_NAMES, type Opportunity, type Session } from './opportunities';

export interface LinkedDataContext {
  baseUrl: string;
  url: string;
  provider: { id: string; name: string; url: string };
  /** Names of the spine's skills, by id. */
  skillNames: Map<string, string>;
  badges: { name: string; url: string }[];
}

export const OPENACTIVE_CONTEXT = 'https://openactive.io/';
const SCHEMA = 'https://schema.org/';
const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');

/** ISO 8601 duration of a session, e.g. PT1H30M. */
export function duration(session: Session): string {
  const minutes = Math.round((session.end.getTime() - session.start.getTime()) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (minutes <= 0) return 'PT0M';
  return `P${days ? `${days}D` : ''}${hours || rest ? 'T' : ''}${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
}

function place(opportunity: Opportunity) {
  const { venue, onlineUrl, mode } = opportunity.place;
  const physical = venue && {
    '@type': 'Place',
    name: venue.name,
    address: {
      '@type': 'PostalAddress',
      streetAddress: venue.streetAddress,
      addressLocality: venue.locality,
      ...(venue.region ? { addressRegion: venue.region } : {}),
      postalCode: venue.postcode,
      addressCountry: venue.country,
    },
    geo: { '@type': 'GeoCoordinates', latitude: venue.latitude, longitude: venue.longitude },
  };
  const virtual = mode !== 'in-person' ? { '@type': 'VirtualLocation', ...(onlineUrl ? { url: onlineUrl } : {}) } : undefined;
  return { physical, virtual };
}

const attendanceMode = (opportunity: Opportunity) =>
  `${SCHEMA}${{ 'in-person': 'OfflineEventAttendanceMode', online: 'OnlineEventAttendanceMode', blended: 'MixedEventAttendanceMode' }[opportunity.place.mode]}`;

const offers = (opportunity: Opportunity, url: string) => [
  {
    '@type': 'Offer',
    url,
    price: opportunity.cost.type === 'free' ? 0 : opportunity.cost.price,
    priceCurrency: opportunity.cost.type === 'free' ? 'GBP' : opportunity.cost.currency,
    ...(opportunity.cost.concessions ? { description: opportunity.cost.concessions } : {}),
    availability: `${SCHEMA}${opportunity.status === 'full' ? 'SoldOut' : 'InStock'}`,
  },
];

const organizer = (context: LinkedDataContext) => ({ '@type': 'Organization', '@id': context.provider.url, name: context.provider.name, url: context.provider.url });

/** The skills it builds as Concepts of the city's spine: OpenActive's `activity`. */
const activity = (opportunity: Opportunity, context: LinkedDataContext) =>
  opportunity.skills.map((s) => ({
    '@type': 'Concept',
    '@id': `${context.baseUrl}/skills/${s.skillId}`,
    prefLabel: context.skillNames.get(s.skillId) ?? s.skillId,
    inScheme: `${context.baseUrl}/skills`,
  }));

const ageRange = (opportunity: Opportunity) => ({
  '@type': 'QuantitativeValue',
  minValue: opportunity.ageRange.min,
  ...(opportunity.ageRange.max !== undefined ? { maxValue: opportunity.ageRange.max } : {}),
});

/** The fields every event-like item shares (OpenActive Event properties). */
function eventFields(opportunity: Opportunity, context: LinkedDataContext) {
  const { physical, virtual } = place(opportunity);
  return {
    url: context.url,
    name: opportunity.title,
    description: opportunity.description,
    organizer: organizer(context),
    activity: activity(opportunity, context),
    ...(physical ? { location: physical } : {}),
    ...(virtual ? { virtualLocation: virtual } : {}),
    eventAttendanceMode: attendanceMode(opportunity),
    eventStatus: `${SCHEMA}${opportunity.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    ageRange: ageRange(opportunity),
    isAccessibleForFree: opportunity.cost.type === 'free',
    offers: offers(opportunity, context.url),
    ...(opportunity.accessibility.supports.length
      ? { accessibilitySupport: opportunity.accessibility.supports.map((s) => ({ '@type': 'Concept', prefLabel: ACCESSIBILITY_SUPPORTS[s], inScheme: 'https://openactive.io/accessibility-support' })) }
      : {}),
    ...(opportunity.accessibility.notes ? { accessibilityInformation: opportunity.accessibility.notes } : {}),
    ...(opportunity.capacity ? { maximumAttendeeCapacity: opportunity.capacity.places } : {}),
    ...(opportunity.capacity?.placesLeft !== undefined ? { remainingAttendeeCapacity: opportunity.capacity.placesLeft } : {}),
    inLanguage: opportunity.languages,
  };
}

const MAX_SUB_EVENTS = 50;

function sessionEvent(type: string, session: Session, id: string) {
  return { '@type': type, '@id': id, startDate: iso(session.start), endDate: iso(session.end), duration: duration(session) };
}

/** OpenActive's type for the opportunity, as the feed's `kind`. */
export const openActiveKind = (opportunity: Opportunity) =>
  opportunity.kind === 'activity' ? 'SessionSeries' : opportunity.kind === 'course' ? 'CourseInstance' : 'Event';

/** The opportunity as OpenActive Modelling Opportunity Data 2.0, for the RPDE feed's `data`. */
export function openActiveData(opportunity: Opportunity, context: LinkedDataContext): Record<string, unknown> {
  const kind = openActiveKind(opportunity);
  const base = { '@context': [OPENACTIVE_CONTEXT], '@type': kind, '@id': context.url, identifier: opportunity.id, ...eventFields(opportunity, context) };
  const { schedule } = opportunity;
  if (schedule.type === 'recurring') {
    return {
      ...base,
      eventSchedule: [
        {
          '@type': 'PartialSchedule',
          repeatFrequency: schedule.frequency === 'weekly' ? 'P1W' : 'P2W',
          byDay: schedule.days.map((d) => `${SCHEMA}${WEEKDAY_NAMES[d]}`),
          startDate: schedule.startDate,
          endDate: schedule.endDate,
          startTime: schedule.startTime,
          endTime: schedule.endTime,
          scheduleTimezone: schedule.timezone,
          ...(schedule.exceptions.length ? { exceptDate: schedule.exceptions } : {}),
          scheduledEventType: kind === 'SessionSeries' ? 'ScheduledSession' : 'Event',
        },
      ],
    };
  }
  if (schedule.type === 'open') return { ...base, startDate: schedule.from, endDate: schedule.until };
  const sessions = [...sessionsOf(schedule)];
  const first = sessions[0]!;
  const last = sessions[sessions.length - 1]!;
  if (kind === 'SessionSeries' || sessions.length > 1) {
    return {
      ...base,
      startDate: iso(first.start),
      endDate: iso(last.end),
      subEvent: sessions.slice(0, MAX_SUB_EVENTS).map((s, i) => sessionEvent(kind === 'SessionSeries' ? 'ScheduledSession' : 'Event', s, `${context.url}#session-${i + 1}`)),
    };
  }
  return { ...base, startDate: iso(first.start), endDate: iso(first.end), duration: duration(first) };
}

/** The page's JSON-LD for search engines: JobPosting, Course with its CourseInstance, or Event. */
export function searchEngineData(opportunity: Opportunity, context: LinkedDataContext, now: Date): Record<string, unknown> {
  const { physical, virtual } = place(opportunity);
  if (opportunity.kind === 'job' || opportunity.kind === 'apprenticeship') {
    const validThrough = opportunity.schedule.type === 'open' ? `${opportunity.schedule.until}T23:59:59Z` : opportunity.endsAt;
    return {
      '@context': SCHEMA,
      '@type': 'JobPosting',
      title: opportunity.title,
      description: opportunity.description,
      datePosted: opportunity.createdAt,
      validThrough,
      employmentType: opportunity.kind === 'apprenticeship' ? 'OTHER' : 'FULL_TIME',
      hiringOrganization: organizer(context),
      ...(physical ? { jobLocation: physical } : {}),
      ...(opportunity.place.mode !== 'in-person' ? { jobLocationType: 'TELECOMMUTE', applicantLocationRequirements: { '@type': 'Country', name: physical?.address.addressCountry ?? 'GB' } } : {}),
      directApply: Boolean(opportunity.takePart.bookingUrl),
      url: context.url,
    };
  }
  const next = upcomingSessions(opportunity.schedule, now, 1)[0];
  const location = physical ?? virtual;
  const when =
    opportunity.schedule.type === 'open'
      ? { startDate: opportunity.schedule.from, endDate: opportunity.schedule.until }
      : { startDate: iso(next?.start ?? new Date(opportunity.startsAt)), endDate: iso(next?.end ?? new Date(opportunity.endsAt)) };
  if (opportunity.kind === 'course') {
    const schedule = opportunity.schedule;
    return {
      '@context': SCHEMA,
      '@type': 'Course',
      name: opportunity.title,
      description: opportunity.description,
      url: context.url,
      provider: organizer(context),
      offers: offers(opportunity, context.url).map((o) => ({ ...o, category: opportunity.cost.type === 'free' ? 'Free' : 'Paid' })),
      ...(context.badges.length ? { educationalCredentialAwarded: context.badges.map((b) => ({ '@type': 'EducationalOccupationalCredential', name: b.name, url: b.url, credentialCategory: 'badge' })) } : {}),
      hasCourseInstance: [
        {
          '@type': 'CourseInstance',
          courseMode: opportunity.place.mode === 'in-person' ? 'Onsite' : opportunity.place.mode === 'online' ? 'Online' : 'Blended',
          ...(location ? { location } : {}),
          ...when,
          ...(schedule.type === 'recurring'
            ? { courseSchedule: { '@type': 'Schedule', repeatFrequency: schedule.frequency === 'weekly' ? 'Weekly' : 'P2W', repeatCount: [...sessionsOf(schedule)].length, startDate: schedule.startDate, endDate: schedule.endDate } }
            : {}),
          ...(next ? { courseWorkload: duration(next) } : {}),
        },
      ],
    };
  }
  return {
    '@context': SCHEMA,
    '@type': 'Event',
    name: opportunity.title,
    description: opportunity.description,
    url: context.url,
    ...when,
    eventStatus: `${SCHEMA}${opportunity.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: attendanceMode(opportunity),
    location: [physical, virtual].filter(Boolean),
    organizer: organizer(context),
    offers: offers(opportunity, context.url),
    isAccessibleForFree: opportunity.cost.type === 'free',
    typicalAgeRange: opportunity.ageRange.max !== undefined ? `${opportunity.ageRange.min}-${opportunity.ageRange.max}` : `${opportunity.ageRange.min}-`,
  };
}

// "Add to calendar": an opportunity as an iCalendar file (RFC 5545). Every session is its own VEVENT in
// UTC (not one RRULE with a time zone), so clock changes and exceptions come out exactly as the
// schedule says without shipping VTIMEZONE definitions. An open schedule is one all-day event.
import { sessionsOf, type Opportunity } from './opportunities';

const MAX_EVENTS = 200;

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped. */
export const escapeText = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Content lines longer than 75 octets are folded (3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // The first line may hold 75 octets; continuation lines start with a space, so 74 more.
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utc = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const day = (date: string) => date.replace(/-/g, '');
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface CalendarContext {
  /** The opportunity's page. */
  url: string;
  /** The city's host name: UIDs are globally unique as <id>-<n>@<host>. */
  host: string;
  providerName: string;
}

export function opportunityCalendar(opportunity: Opportunity, context: CalendarContext): string {
  const { venue } = opportunity.place;
  const location = venue ? [venue.name, venue.streetAddress, venue.locality, venue.postcode].join(', ') : (opportunity.place.onlineUrl ?? 'Online');
  const common = [
    `DTSTAMP:${utc(new Date(opportunity.updatedAt))}`,
    `SUMMARY:${escapeText(opportunity.title)}`,
    `DESCRIPTION:${escapeText(`${opportunity.description}\n\n${context.providerName}. More: ${context.url}`)}`,
    `LOCATION:${escapeText(location)}`,
    ...(venue ? [`GEO:${venue.latitude.toFixed(6)};${venue.longitude.toFixed(6)}`] : []),
    `URL:${context.url}`,
    `STATUS:${opportunity.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
  ];
  const events: string[][] = [];
  if (opportunity.schedule.type === 'open') {
    events.push([`UID:${opportunity.id}-0@${context.host}`, `DTSTART;VALUE=DATE:${day(opportunity.schedule.from)}`, `DTEND;VALUE=DATE:${day(nextDay(opportunity.schedule.until))}`, ...common]);
  } else {
    let n = 0;
    for (const session of sessionsOf(opportunity.schedule)) {
      if (n >= MAX_EVENTS) break;
      events.push([`UID:${opportunity.id}-${n++}@${context.host}`, `DTSTART:${utc(session.start)}`, `DTEND:${utc(session.end)}`, ...common]);
    }
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cities of Learning//Opportunities//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...events.flatMap((event) => ['BEGIN:VEVENT', ...event, 'END:VEVENT']),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

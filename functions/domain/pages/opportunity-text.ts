// How the portal says when, where, for whom and for how much, in plain English, in the schedule's own
// time zone. Shared by the home page, the search results and the opportunity page.
import { KIND_NAMES, WEEKDAY_NAMES, type OpportunityKind, type Schedule } from '../opportunities';

const DEFAULT_ZONE = 'Europe/London';
const zoneOf = (schedule: Schedule) => (schedule.type === 'recurring' ? schedule.timezone : DEFAULT_ZONE);

/**
 * A formatter made once per key (a time zone, a currency) and kept: making one costs ~50 µs, using it a
 * few, and a results page formats every card's dates. Keys are validated zones and currency codes.
 * Made on first use, never at module scope: a process's first Intl formatter starts ICU (~12 ms), and
 * most of the groups that import this module answer some routes (a badge's JSON, a feed) that format
 * nothing.
 */
function keptBy<F>(make: (key: string) => F): (key: string) => F {
  const made = new Map<string, F>();
  return (key) => {
    let formatter = made.get(key);
    if (!formatter) made.set(key, (formatter = make(key)));
    return formatter;
  };
}
const dayFormat = keptBy((timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
const timeFormat = keptBy((timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
const dateFormat = keptBy((timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }));
const moneyFormat = keptBy((currency) => new Intl.NumberFormat('en-GB', { style: 'currency', currency }));

export const formatDay = (date: Date, timeZone = DEFAULT_ZONE) => dayFormat(timeZone).format(date);
export const formatTime = (date: Date, timeZone = DEFAULT_ZONE) => timeFormat(timeZone).format(date);
const formatDate = (date: string) => dateFormat('UTC').format(new Date(`${date}T00:00:00Z`));

export function formatSession(session: { start: Date; end: Date }, schedule: Schedule): string {
  const zone = zoneOf(schedule);
  const sameDay = formatDay(session.start, zone) === formatDay(session.end, zone);
  return sameDay
    ? `${formatDay(session.start, zone)}, ${formatTime(session.start, zone)}–${formatTime(session.end, zone)}`
    : `${formatDay(session.start, zone)} ${formatTime(session.start, zone)} to ${formatDay(session.end, zone)} ${formatTime(session.end, zone)}`;
}

/** The pattern of the schedule in one line: "Every Tuesday and Thursday, 17:00–18:30, 6 Jan to 24 Mar 2027". */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.type === 'open') return `Open from ${formatDate(schedule.from)} until ${formatDate(schedule.until)}${schedule.hours ? ` · ${schedule.hours}` : ''}`;
  if (schedule.type === 'sessions') {
    return schedule.sessions.length === 1 ? 'One session' : `${schedule.sessions.length} sessions`;
  }
  const days = schedule.days.map((d) => WEEKDAY_NAMES[d]);
  const list = days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days.at(-1)}` : days[0];
  return `${schedule.frequency === 'weekly' ? 'Every' : 'Every other'} ${list}, ${schedule.startTime}–${schedule.endTime}, ${formatDate(schedule.startDate)} to ${formatDate(schedule.endDate)}`;
}

export function formatCost(cost: { free: boolean; price?: number; currency?: string }): string {
  if (cost.free) return 'Free';
  return moneyFormat(cost.currency ?? 'GBP').format(cost.price ?? 0);
}

export function formatAges(range: { min: number; max?: number }): string {
  if (range.max === undefined) return range.min >= 18 ? 'Adults (18+)' : `Ages ${range.min}+`;
  return range.min === range.max ? `Age ${range.min}` : `Ages ${range.min}–${range.max}`;
}

export const kindName = (kind: OpportunityKind) => KIND_NAMES[kind];

export const modeName = (mode: 'in-person' | 'online' | 'blended') => ({ 'in-person': 'In person', online: 'Online', blended: 'In person and online' })[mode];

/** The portal's own styles, added to the shared stylesheet on its pages. Static: nothing interpolated. */
export const portalStyles = `
.opportunity-image{display:block;width:100%;max-width:40rem;height:auto;max-height:22rem;object-fit:contain;margin:0 0 1rem;border-radius:10px}
.search-box{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
.search-box input{flex:1 1 12rem;min-width:0}
input,select{font:inherit;min-height:2.75rem;padding:.375rem .625rem;border:2px solid var(--muted);border-radius:8px;background:#fff;color:var(--text);max-width:100%}
label{font-weight:600}
button{font:inherit;cursor:pointer}
.filters{display:grid;gap:.875rem;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));align-items:end}
.filters fieldset{border:1px solid var(--line);border-radius:10px;margin:0;padding:.5rem .875rem;grid-column:1/-1}
.filters legend{font-weight:600;padding:0 .25rem}
.field{display:grid;gap:.25rem;min-width:0}
.field input,.field select{width:100%}
.checks{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.checks label{font-weight:400;display:inline-flex;gap:.375rem;align-items:center;min-height:2.75rem}
.checks input{min-height:auto;width:1.25rem;height:1.25rem}
.results{display:grid;gap:.875rem;margin-top:1rem}
.result{background:#fff;border:1px solid var(--line);border-left:6px solid var(--secondary);border-radius:12px;padding:1rem 1.125rem}
.result h3{font-size:1.125rem;margin:0 0 .25rem}
.result .facts{grid-template-columns:auto minmax(0,1fr)}
.badge-full{display:inline-block;margin-left:.5rem;padding:0 .5rem;border-radius:999px;background:#fff4dc;color:#5c3600;font-size:.875rem;font-weight:600}
.map{height:22rem;margin-top:1rem;border:1px solid var(--line);border-radius:12px;background:#e9eef2}
.pager{display:flex;justify-content:space-between;gap:1rem;margin-top:1.25rem}
.groups{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.groups ul{margin:.5rem 0 0;padding-left:1.125rem}
.audiences{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.audiences h3{margin-top:0}
.notice{margin-top:1rem;padding:1rem 1.25rem;border-radius:12px;border:2px solid #9a5b00;background:#fff4dc;color:#5c3600}
.sessions li+li{margin-top:.25rem}
`;

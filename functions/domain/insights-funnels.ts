// What the funnels of insights count beside awards, as pure functions: page views of an opportunity's
// or a pathway's page, clicks through to an opportunity's booking page, and uses of claim codes. Each
// is one add to one counter cell per period (docs/data-model.md, pattern 25d), in a shard chosen at
// random (a view has no identity to hash, and a random shard spreads one hot page over all eight).
// Nothing about the viewer is kept: a view's cell is the page's, in no area and no age band.
import { protectedPercentage, type DisclosureRule } from './disclosure';
import { COUNTER_SHARDS, periodsOf, UNKNOWN_AGE, UNKNOWN_AREA, type CounterAdd, type Measure } from './insights';
import { figureTable, type FigureTable, type Row } from './insights-figures';

/** The pages a funnel starts at. */
export type FunnelPage = 'opportunity' | 'pathway';

/**
 * A funnel cell's value: the page's owner and its id, so that a provider's dashboard picks its own
 * pages out of a period's counters without reading each page (ids and provider slugs hold no `:`).
 * The city's own pathways (no provider) are under `_city`, which no provider's slug can be.
 */
const CITY_OWNER = '_city';
export const funnelValue = (owner: string | undefined, id: string) => `${owner ?? CITY_OWNER}:${id}`;

export function parseFunnelValue(value: string): { owner: string; id: string } | undefined {
  const at = value.indexOf(':');
  return at > 0 ? { owner: value.slice(0, at), id: value.slice(at + 1) } : undefined;
}

/**
 * Obvious robots by User-Agent: crawlers, link previewers, monitors and command-line clients name
 * themselves, so one pattern catches nearly all of them; a robot that pretends to be a browser is
 * counted, as in every log-based count (the method page says so). No User-Agent at all is a robot.
 */
const ROBOT = /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skype|discord|headless|lighthouse|pingdom|uptime|monitor|curl\/|wget\/|python-|httpclient|okhttp|axios\/|node-fetch|undici|go-http-client|java\/|libwww|scrapy/i;

export function isRobot(userAgent: string | undefined): boolean {
  return !userAgent || userAgent.trim() === '' || ROBOT.test(userAgent);
}

/** The adds of one view or booking click at `at`: the page's cell in each period, in shard `shard`. */
export function pageEventAdds(measure: Extract<Measure, 'views' | 'bookings'>, page: FunnelPage, value: string, at: Date, shard: number): CounterAdd[] {
  return periodsOf(at.toISOString()).map((period) => ({ period, shard, cell: { measure, dimension: page, value, area: UNKNOWN_AREA, age: UNKNOWN_AGE }, by: 1 }));
}

/** A shard for an event with no identity: random, so that a hot page is spread over every shard. */
export const randomShard = (random: () => number = Math.random) => Math.min(COUNTER_SHARDS - 1, Math.floor(random() * COUNTER_SHARDS));

/**
 * The adds of a claim code's use (1) or of a use given back (−1, the award made some other way at
 * the same moment): the badge class's claims cell in the periods of the use. The shard is the use's
 * own (a hash of its key), so a use and its release meet in one item.
 */
export function claimAdds(badgeClassId: string, usedAt: string, shard: number, by: 1 | -1): CounterAdd[] {
  return periodsOf(usedAt).map((period) => ({ period, shard, cell: { measure: 'claims', dimension: 'badge', value: badgeClassId, area: UNKNOWN_AREA, age: UNKNOWN_AGE }, by }));
}

/**
 * Where a booking click goes: the opportunity's own booking URL, and only an http(s) one, never
 * anything the request carries (no open redirect).
 */
export function bookingTarget(bookingUrl: string | undefined): string | undefined {
  if (!bookingUrl) return undefined;
  try {
    const url = new URL(bookingUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// --- Published funnels ---------------------------------------------------------------------------

export interface FunnelStep {
  key: string;
  label: string;
  count: (row: Row) => number;
}

/**
 * A funnel table: each step a column protected as every insights column is, then the last step as a
 * percentage of the first (per 100 page views: the steps count different things, so it is a rate, not
 * a share of people), from exact counts, withheld with its count or when the first is under the base.
 */
export function funnelTable(spec: { id: string; title: string; note: string; rowHeader: string; rows: Row[]; steps: FunnelStep[] }, rule: DisclosureRule): FigureTable {
  const table = figureTable({ id: spec.id, title: spec.title, note: spec.note, rowHeader: spec.rowHeader, rows: spec.rows, columns: spec.steps }, rule);
  const first = spec.steps[0]!;
  const last = spec.steps.length - 1;
  const lastStep = spec.steps[last]!;
  const share = (part: number, base: number, figure: NonNullable<FigureTable['totals'][number]>) => protectedPercentage(part, base, figure, rule);
  const sum = (step: FunnelStep) => spec.rows.reduce((n, row) => n + step.count(row), 0);
  return {
    ...table,
    chart: 'funnel',
    columns: [...table.columns, { key: `${lastStep.key}-per-${first.key}`, label: `${lastStep.label} per 100 ${first.label.toLowerCase()}`, unit: 'percent' }],
    figures: table.figures.map((figures, r) => [...figures, share(lastStep.count(spec.rows[r]!), first.count(spec.rows[r]!), figures[last]!)]),
    totals: [...table.totals, share(sum(lastStep), sum(first), table.totals[last]!)],
  };
}

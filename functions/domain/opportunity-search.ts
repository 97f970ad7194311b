// Searching the directory, the pure half: what a search asks (the query string's schema), the card an
// opportunity is listed as (copied onto every index item, so a results page needs no second read),
// search terms (stemmed with the Porter stemmer), distances and the geohash cells around a point, and
// the rule that says whether a card matches. functions/data/opportunities.ts does the reading.
import geohash from 'ngeohash';
import { stemmer } from 'stemmer';
import * as z from 'zod/mini';
import { BADGE_CLASS_ID_LENGTH } from './badge-classes';
import { invalid } from './errors';
import { randomIdPattern } from './ids';
import { OPPORTUNITY_KINDS, StoredScheduleSchema, sessionsOf, type Opportunity, type OpportunityKind } from './opportunities';

// ---- The query ----------------------------------------------------------------------------------

const list = <T extends string>(item: z.ZodMiniType<T>, max: number, what: string) =>
  z.pipe(
    z.string().check(z.maxLength(400)),
    z.transform((value, ctx) => {
      const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
      if (parts.length === 0 || parts.length > max) {
        ctx.issues.push({ code: 'custom', input: value, message: `must be 1-${max} ${what}, comma-separated` });
        return z.NEVER;
      }
      for (const part of parts) {
        if (!item.safeParse(part).success) {
          ctx.issues.push({ code: 'custom', input: value, message: `"${part.slice(0, 40)}" is not one of the ${what}` });
          return z.NEVER;
        }
      }
      return parts as T[];
    }),
  );

const numberIn = (min: number, max: number, integer = false) =>
  z.pipe(
    z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a number')),
    z.pipe(
      z.transform((v: string) => Number(v)),
      z.number().check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`), ...(integer ? [z.int('must be a whole number')] : [])),
    ),
  );

export const MAX_RADIUS_KM = 50;
export const DEFAULT_RADIUS_KM = 5;
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/));

/** GET /opportunities' filters (paging comes from PageQuery). Every one is optional. */
export const SearchFilterSchema = z.object({
  q: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200), z.describe('Words to look for in the title, skills and description'))),
  skill: z.optional(z.pipe(list(slug, 5, 'skill ids'), z.array(z.string())).check(z.describe('Skill ids of the spine, comma-separated: opportunities building all of them'))),
  provider: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/, 'must be a provider id'), z.describe("One provider's opportunities"))),
  badgeClass: z.optional(z.string().check(z.regex(randomIdPattern(BADGE_CLASS_ID_LENGTH), 'must be a badge class id'), z.describe('Opportunities that award this badge class'))),
  kind: z.optional(z.pipe(list(z.enum(OPPORTUNITY_KINDS), 7, 'kinds'), z.array(z.enum(OPPORTUNITY_KINDS))).check(z.describe(`Any of: ${OPPORTUNITY_KINDS.join(', ')}`))),
  near: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'must be latitude,longitude like 52.48,-1.89'), z.describe('A point, latitude,longitude')),
      z.transform((v) => {
        const [lat, lng] = v.split(',').map(Number) as [number, number];
        return { lat, lng };
      }),
    ).check(z.refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180, 'must be a point on Earth')),
  ),
  radiusKm: z.optional(numberIn(0.1, MAX_RADIUS_KM).check(z.describe(`How far from near, in km (default ${DEFAULT_RADIUS_KM})`))),
  age: z.optional(numberIn(0, 120, true).check(z.describe('The learner’s age: opportunities open to it'))),
  free: z.optional(z.enum(['true', 'false']).check(z.describe('true: free opportunities only'))),
  mode: z.optional(z.enum(['in-person', 'online']).check(z.describe('in-person (includes blended) or online (includes blended)'))),
  from: z.optional(z.iso.date({ error: 'must be a date like 2026-09-01' }).check(z.describe('Running on or after this date'))),
  to: z.optional(z.iso.date({ error: 'must be a date like 2026-09-01' }).check(z.describe('Running on or before this date'))),
  sort: z.optional(z.enum(['soonest', 'nearest']).check(z.describe('soonest (default) or nearest (needs near)'))),
});
export type SearchFilter = z.infer<typeof SearchFilterSchema>;

/** Rules across fields, named like field errors. */
export function checkFilter(filter: SearchFilter): void {
  const problems = [];
  if (filter.sort === 'nearest' && !filter.near) problems.push({ in: 'query' as const, field: 'sort', detail: 'nearest needs near=latitude,longitude' });
  if (filter.radiusKm !== undefined && !filter.near) problems.push({ in: 'query' as const, field: 'radiusKm', detail: 'needs near=latitude,longitude' });
  if (filter.from && filter.to && filter.to < filter.from) problems.push({ in: 'query' as const, field: 'to', detail: 'must not be before from' });
  if (filter.q !== undefined && termsOf(filter.q).length === 0) problems.push({ in: 'query' as const, field: 'q', detail: 'has no words to search for' });
  if (problems.length) throw invalid(problems);
}

// ---- Terms ----------------------------------------------------------------------------------------

// Words too common to find anything by; short on purpose (titles are short).
const STOPWORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or our the their this to was we were will with you your'.split(' '),
);
export const MAX_TERMS = 30;

/** The distinct search terms of a text: lowercased, accents folded, stop words dropped, Porter-stemmed. */
export function termsOf(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return [...new Set(words.map((w) => stemmer(w)).filter((w) => w.length > 0 && w.length <= 40))];
}

/** An opportunity's index terms, title and skills first, capped so one opportunity writes at most MAX_TERMS term items. */
export const opportunityTerms = (opportunity: Pick<Opportunity, 'title' | 'description'>, extra: string[]): string[] =>
  termsOf([opportunity.title, ...extra, opportunity.description].join(' ')).slice(0, MAX_TERMS);

// ---- The card -------------------------------------------------------------------------------------

export const CardSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(OPPORTUNITY_KINDS),
  providerId: z.string(),
  providerName: z.string(),
  status: z.enum(['published', 'full']),
  startsAt: z.string(),
  endsAt: z.string(),
  schedule: StoredScheduleSchema,
  free: z.boolean(),
  price: z.optional(z.number()),
  currency: z.optional(z.string()),
  minAge: z.number(),
  maxAge: z.optional(z.number()),
  mode: z.enum(['in-person', 'online', 'blended']),
  placeName: z.optional(z.string()),
  locality: z.optional(z.string()),
  lat: z.optional(z.number()),
  lng: z.optional(z.number()),
  skillIds: z.array(z.string()),
  /** The level each skill is built to, by skill id, where the opportunity names one (cards written before levels were carried have none). */
  levels: z.optional(z.record(z.string(), z.string())),
  terms: z.array(z.string()),
});
export type Card = z.infer<typeof CardSchema>;

/** A search result: the card, and how far it is from `near` when the search has one. */
export interface Found {
  card: Card;
  distanceKm?: number;
}

export function cardOf(opportunity: Opportunity, providerName: string, terms: string[]): Card {
  const { venue } = opportunity.place;
  return {
    id: opportunity.id,
    title: opportunity.title,
    kind: opportunity.kind,
    providerId: opportunity.providerId,
    providerName,
    status: opportunity.status === 'full' ? 'full' : 'published',
    startsAt: opportunity.startsAt,
    endsAt: opportunity.endsAt,
    schedule: opportunity.schedule,
    free: opportunity.cost.type === 'free',
    ...(opportunity.cost.type === 'paid' ? { price: opportunity.cost.price, currency: opportunity.cost.currency } : {}),
    minAge: opportunity.ageRange.min,
    ...(opportunity.ageRange.max !== undefined ? { maxAge: opportunity.ageRange.max } : {}),
    mode: opportunity.place.mode,
    ...(venue ? { placeName: venue.name, locality: venue.locality, lat: venue.latitude, lng: venue.longitude } : {}),
    skillIds: opportunity.skills.map((s) => s.skillId),
    levels: Object.fromEntries(opportunity.skills.flatMap((s) => (s.level ? [[s.skillId, s.level]] : []))),
    terms,
  };
}


// ---- Place ----------------------------------------------------------------------------------------

export interface Point {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Index cells: the partition holds 4 characters (about 39 × 20 km), the sort key 9 (about 5 m). */
export const GEO_PARTITION_CHARS = 4;
export const GEO_KEY_CHARS = 9;
export const geohashOf = (point: Point) => geohash.encode(point.lat, point.lng, GEO_KEY_CHARS);

export interface Cell {
  hash: string;
  /** Nearest and farthest the cell gets to the point, in km (bounds over its corners and edges). */
  minKm: number;
  maxKm: number;
}

/**
 * The distance from a point to a latitude/longitude box: 0 inside, else to the nearest point of the box.
 * `min` is the distance to the clamped point, a hair more than the true least distance where the nearest
 * edge is a meridian (great circles bow poleward); it is shrunk by 1%, far more than that error (0.006% at
 * 50 km and latitude 70, by sampling the edge), so that it is a true lower bound.
 */
function boxDistanceKm(point: Point, [minLat, minLng, maxLat, maxLng]: number[]): { min: number; max: number } {
  const lat = Math.min(Math.max(point.lat, minLat!), maxLat!);
  const lng = Math.min(Math.max(point.lng, minLng!), maxLng!);
  const corners = [
    { lat: minLat!, lng: minLng! },
    { lat: minLat!, lng: maxLng! },
    { lat: maxLat!, lng: minLng! },
    { lat: maxLat!, lng: maxLng! },
  ];
  return { min: 0.99 * distanceKm(point, { lat, lng }), max: Math.max(...corners.map((c) => distanceKm(point, c))) };
}

// Geohash cell sizes in degrees (longitude, latitude) by precision.
const CELL_DEGREES: Record<number, [number, number]> = { 4: [0.3515625, 0.17578125], 5: [0.0439453125, 0.0439453125], 6: [0.010986328125, 0.0054931640625], 7: [0.001373291015625, 0.001373291015625] };
const MAX_CELLS = 150;

/**
 * The cells that cover the circle, nearest first, at the finest precision (up to 7 characters, about
 * 150 m) that needs at most MAX_CELLS of them: small cells keep each read short however dense the city
 * is, and a nearest-first search stops after the first few.
 */
export function coveringCells(point: Point, radiusKm: number): Cell[] {
  const dLat = radiusKm / 111.32;
  const dLng = radiusKm / (111.32 * Math.max(0.01, Math.cos(rad(point.lat))));
  const box = [Math.max(-90, point.lat - dLat), Math.max(-180, point.lng - dLng), Math.min(90, point.lat + dLat), Math.min(180, point.lng + dLng)] as const;
  let precision = 7;
  const estimate = (p: number) => (Math.ceil((box[3] - box[1]) / CELL_DEGREES[p]![0]) + 1) * (Math.ceil((box[2] - box[0]) / CELL_DEGREES[p]![1]) + 1);
  while (precision > GEO_PARTITION_CHARS && estimate(precision) > MAX_CELLS) precision--;
  return geohash
    .bboxes(...box, precision)
    .map((hash) => {
      const { min, max } = boxDistanceKm(point, geohash.decode_bbox(hash));
      return { hash, minKm: min, maxKm: max };
    })
    .filter((cell) => cell.minKm <= radiusKm)
    .sort((a, b) => a.minKm - b.minKm || a.hash.localeCompare(b.hash));
}

/**
 * The rest of a cell once it has been read up to `lastKey` (a geohash of GEO_KEY_CHARS, in the index's
 * order), as its sub-cells from the one holding `lastKey` on, each with the nearest and farthest it can
 * be: the one holding `lastKey` is read on from there, the later ones from their start. Without
 * `lastKey`, every sub-cell (the cell is split unread). A cell of GEO_KEY_CHARS has no sub-cells in the
 * index: its rest is itself.
 */
export function restOfCell(point: Point, cell: string, lastKey?: string): (Cell & { holdsLast: boolean })[] {
  const bounds = (hash: string) => {
    const { min, max } = boxDistanceKm(point, geohash.decode_bbox(hash));
    return { hash, minKm: min, maxKm: max };
  };
  if (cell.length >= GEO_KEY_CHARS) return [{ ...bounds(cell), holdsLast: lastKey !== undefined }];
  const from = lastKey?.slice(0, cell.length + 1) ?? '';
  return [...GEOHASH_DIGITS].map((digit) => cell + digit).filter((child) => child >= from).map((child) => ({ ...bounds(child), holdsLast: child === from }));
}

/** Where a key lies within a cell, 0 to 1 in the index's order. */
const placeInCell = (cell: string, key: string) => [...key.slice(cell.length, GEO_KEY_CHARS)].reduceRight((f, digit) => (f + GEOHASH_DIGITS.indexOf(digit)) / 32, 0);

/**
 * How deep a cell that a read found full is split for the rest of it: its count is estimated from how
 * far through it (in the index's order) one read reached, from `firstKey` (its start when read from the
 * beginning) to `lastKey`, and the sub-cell holding `lastKey` (where the density was seen) goes to the
 * depth whose cells hold about a read each.
 * So a dense place is split in one step to cells one read answers, not a level per read. One or two
 * levels deeper (at most GEO_KEY_CHARS): the estimate takes the part read as the cell's density, and a
 * dense start to a sparse cell would otherwise have the rest read in cells of metres.
 */
export function splitDepth(cell: string, firstKey: string | undefined, lastKey: string): number {
  const covered = placeInCell(cell, lastKey) - (firstKey ? placeInCell(cell, firstKey) : 0);
  return Math.min(GEO_KEY_CHARS, cell.length + (covered * 32 < 1 ? 2 : 1));
}
const GEOHASH_DIGITS = '0123456789bcdefghjkmnpqrstuvwxyz';

// ---- Matching -------------------------------------------------------------------------------------

export interface Search extends SearchFilter {
  /** The query's terms (from q). */
  terms?: string[];
  /** Only opportunities that build this skill at this level (a badge page's "what next"). */
  skillLevel?: { skillId: string; level: string };
}

const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dayEnd = (date: string) => dayStart(date) + 86_400_000 - 1;

/** Whether the card runs within [from, to]: for sessions, a session in the range; else the span overlaps. */
function runsWithin(card: Card, from: number, to: number): boolean {
  if (card.schedule.type === 'open') return Date.parse(card.startsAt) <= to && Date.parse(card.endsAt) >= from;
  // Days ending two days before the range's start cannot hold a session that reaches into it.
  for (const session of sessionsOf(card.schedule, new Date(from - 2 * 86_400_000).toISOString().slice(0, 10))) {
    if (session.start.getTime() > to) return false;
    if (session.end.getTime() >= from) return true;
  }
  return false;
}

/** Whether a card answers the search now: every filter given, and not over yet. */
export function matches(card: Card, search: Search, now: Date): boolean {
  if (Date.parse(card.endsAt) <= now.getTime()) return false;
  if (search.kind && !search.kind.includes(card.kind as OpportunityKind)) return false;
  if (search.provider && card.providerId !== search.provider) return false;
  if (search.skill && !search.skill.every((s) => card.skillIds.includes(s))) return false;
  if (search.terms && !search.terms.every((t) => card.terms.includes(t))) return false;
  if (search.skillLevel && card.levels?.[search.skillLevel.skillId] !== search.skillLevel.level) return false;
  if (search.free === 'true' && !card.free) return false;
  if (search.age !== undefined && (search.age < card.minAge || (card.maxAge !== undefined && search.age > card.maxAge))) return false;
  if (search.mode === 'online' && card.mode === 'in-person') return false;
  if (search.mode === 'in-person' && card.mode === 'online') return false;
  if (search.near) {
    if (card.lat === undefined || card.lng === undefined) return false;
    if (distanceKm(search.near, { lat: card.lat, lng: card.lng }) > (search.radiusKm ?? DEFAULT_RADIUS_KM)) return false;
  }
  if (search.from || search.to) {
    const from = Math.max(search.from ? dayStart(search.from) : 0, now.getTime());
    const to = search.to ? dayEnd(search.to) : Number.MAX_SAFE_INTEGER;
    if (!runsWithin(card, from, to)) return false;
  }
  return true;
}

// What the insights consumer counts, as pure functions: which counter cells an award, a milestone or a
// listed opportunity adds to, in which period and shard, and how the city's areas are found from what
// learners and venues carry. The data layer (functions/data/insights.ts) writes the cells; the dashboard
// (functions/services/insights.ts) reads them back and publishes them only through disclosure.ts.
//
// A cell is one exact count at the finest grain the dashboard filters by: a measure, a dimension and
// its value, the area and the age band. Wider figures (all areas, all ages) are sums of cells, so an
// award adds to one cell per dimension value, not to every roll-up. Distinct learners cannot be summed
// over cells of one learner, so they are counted per (dimension value, area, age band) from a marker per
// learner and cell (docs/data-model.md, insights): the sum over areas counts a learner once in each area
// and age band they were counted in, which is once unless they moved or had a birthday in the period.
import { createHash } from 'node:crypto';
import type { InsightsArea } from '../../definitions/insights-config';
import type { AgeBand } from './learners';
import { AGE_BANDS } from './learners';
import type { OpportunityKind } from './opportunities';

/** The area of a learner or a venue the city cannot place (no consent, outside every area, online). */
export const UNKNOWN_AREA = 'unknown';
/** The age band of a learner who has not consented to it being counted. */
export const UNKNOWN_AGE = 'unknown';
/**
 * Supply is counted once per age band an opportunity is open to and once more under this, since one
 * opportunity open to three bands is one opportunity, not three (awards are in one band each, so their
 * all-ages figure is the sum of the bands').
 */
export const ALL_AGES = 'all';
export type AgeCell = AgeBand | typeof UNKNOWN_AGE | typeof ALL_AGES;
export const AGE_CELLS: readonly AgeCell[] = [...AGE_BANDS, UNKNOWN_AGE, ALL_AGES];

/**
 * Counter shards per period: every award of a month adds to items in one of these partitions (by a hash
 * of the award, or of the learner for distinct learners), so a busy month spreads its writes over 8
 * partitions (8 × 1,000 writes a second before DynamoDB throttles one) and a dashboard read of a period
 * is 8 Queries. Changing it would strand counts already written: it is fixed.
 */
export const COUNTER_SHARDS = 8;

export const shardOf = (key: string) => createHash('sha256').update(key).digest()[0]! % COUNTER_SHARDS;

/** What a cell counts. */
export const MEASURES = {
  awards: 'A',
  learners: 'L',
  milestones: 'M',
  /** Listed opportunities (supply, now). */
  opportunities: 'S',
  /** Their places, where a capacity is stated. */
  places: 'P',
  /** Opportunities of employers (jobs, apprenticeships, work experience) naming a skill: demand, now. */
  demand: 'D',
  /** Page views of an opportunity's or a pathway's page, by people (functions/domain/insights-funnels.ts). */
  views: 'V',
  /** Clicks through to an opportunity's booking page (`GET /opportunities/{id}/book`). */
  bookings: 'K',
  /** Uses of claim codes, by the badge class they claim. */
  claims: 'C',
  /** Awards of learners who consented to insights, by badge class: a destination reached is one of a destination's badge. */
  consentedAwards: 'R',
} as const;
export type Measure = keyof typeof MEASURES;

export const DIMENSIONS = ['total', 'skill', 'level', 'group', 'provider', 'kind', 'pathway', 'cost', 'opportunity', 'badge'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Cell {
  measure: Measure;
  dimension: Dimension;
  value: string;
  area: string;
  age: AgeCell;
}

const MEASURE_OF = Object.fromEntries(Object.entries(MEASURES).map(([name, code]) => [code, name])) as Record<string, Measure>;

/** A cell's sort key: `A|skill|coding|DEMO-CEN|13-15`. Values never hold `|` (ids, slugs, area codes). */
export const cellKey = (cell: Cell) => [MEASURES[cell.measure], cell.dimension, cell.value, cell.area, cell.age].join('|');

export function parseCellKey(key: string): Cell | undefined {
  const [measure, dimension, value, area, age] = key.split('|');
  const name = measure === undefined ? undefined : MEASURE_OF[measure];
  if (!name || !DIMENSIONS.includes(dimension as Dimension) || value === undefined || area === undefined || !AGE_CELLS.includes(age as AgeCell)) return undefined;
  return { measure: name, dimension: dimension as Dimension, value, area, age: age as AgeCell };
}

// --- Periods -------------------------------------------------------------------------------------

/** The periods a dated count goes into: its month, its year and all time (each read with one set of Queries). */
export type Period = `M${string}` | `Y${string}` | 'ALL';
/** Supply and demand are counts of what is listed now, not of a period. */
export const NOW = 'NOW';

export const periodsOf = (isoDate: string): Period[] => [`M${isoDate.slice(0, 7)}`, `Y${isoDate.slice(0, 4)}`, 'ALL'];

const PERIOD = /^(M\d{4}-(0[1-9]|1[0-2])|Y\d{4}|ALL)$/;
export const isPeriod = (value: string): value is Period => PERIOD.test(value);

/** A period in words: "May 2026", "2026", "all time". */
export function periodName(period: Period): string {
  if (period === 'ALL') return 'all time';
  if (period.startsWith('Y')) return period.slice(1);
  const [year, month] = period.slice(1).split('-');
  return `${new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${year}`;
}

/** The twelve months of a year period, or the twelve up to the month of `now` for all time or a month. */
export function monthsFor(period: Period, now: Date): Period[] {
  const end = period.startsWith('Y') ? new Date(Date.UTC(Number(period.slice(1)), 11, 1)) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11 + i, 1));
    return `M${d.toISOString().slice(0, 7)}` as Period;
  });
}

/** The periods the filter offers: all time, this year and last, and the last 24 months, newest first. */
export function periodChoices(now: Date): Period[] {
  const year = now.getUTCFullYear();
  const months = Array.from({ length: 24 }, (_, i) => `M${new Date(Date.UTC(year, now.getUTCMonth() - i, 1)).toISOString().slice(0, 7)}` as Period);
  return ['ALL', `Y${year}`, `Y${year - 1}`, ...months];
}

/** The age bands a filter may choose (every band, and not known). */
export const AGE_FILTERS: readonly AgeCell[] = AGE_CELLS.filter((a) => a !== ALL_AGES);

// --- Areas ---------------------------------------------------------------------------------------

type Ring = readonly (readonly number[])[];

/** Ray casting (even-odd rule): whether [lng, lat] falls inside the ring. */
function inRing([x, y]: readonly [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inPolygon = (point: readonly [number, number], polygon: readonly Ring[]) => inRing(point, polygon[0]!) && !polygon.slice(1).some((hole) => inRing(point, hole));

export interface AreaFinder {
  ofDistrict(district: string | undefined): string;
  ofPoint(lng: number, lat: number): string;
}

export function areaFinder(areas: readonly InsightsArea[]): AreaFinder {
  const byDistrict = new Map(areas.flatMap((area) => area.postcodeDistricts.map((d) => [d, area.code] as const)));
  return {
    ofDistrict: (district) => (district && byDistrict.get(district.toUpperCase())) || UNKNOWN_AREA,
    ofPoint: (lng, lat) => {
      const found = areas.find((area) => {
        const polygons = area.boundary.type === 'Polygon' ? [area.boundary.coordinates] : area.boundary.coordinates;
        return polygons.some((polygon) => inPolygon([lng, lat], polygon));
      });
      return found?.code ?? UNKNOWN_AREA;
    },
  };
}

/** The outward code of a full postcode as a venue gives it (`DC1 1AA` → `DC1`). */
export const districtOfPostcode = (postcode: string) => postcode.trim().toUpperCase().split(/\s+/)[0]!.replace(/[0-9][A-Z]{2}$/, '');

// --- Awards --------------------------------------------------------------------------------------

/**
 * Who and what an award is counted as, fixed when it is first counted and stored beside the counters,
 * so that a revocation takes away exactly what the award added (even if the learner has since moved or
 * withdrawn consent) and a redelivery adds to the same cells.
 */
export interface AwardAttribution {
  awardId: string;
  /** Whom distinct learners are counted by: the learner's account, or (no account) the recipient key. */
  learnerKey: string;
  area: string;
  age: AgeCell;
  /** The award's issuedOn date (YYYY-MM-DD): the month it was gained in. */
  date: string;
  provider: string;
  skills: { skillId: string; level?: string; group: string }[];
  kind: OpportunityKind | 'unknown';
  /** The pathway it is the milestone of. */
  pathway?: string;
  /** Its badge class: per-opportunity and per-pathway funnels read awards by class (absent in attributions fixed before funnels). */
  badgeClassId?: string;
  /** The learner had consented to insights (area or age band) when it was first counted: it may count as a destination reached. */
  consented?: boolean;
}

/** One add to one counter: the cell in its period and shard. */
export interface CounterAdd {
  period: Period | typeof NOW;
  shard: number;
  cell: Cell;
  by: number;
}

/** The dimension values an award counts under (the same for its award and its distinct-learner cells). */
export function awardValues(a: AwardAttribution): { dimension: Dimension; value: string }[] {
  const values: { dimension: Dimension; value: string }[] = [{ dimension: 'total', value: 'all' }];
  const unique = new Set<string>();
  const add = (dimension: Dimension, value: string) => {
    if (unique.has(`${dimension}|${value}`)) return;
    unique.add(`${dimension}|${value}`);
    values.push({ dimension, value });
  };
  for (const skill of a.skills) {
    add('skill', skill.skillId);
    if (skill.level) add('level', `${skill.skillId}:${skill.level}`);
    add('group', skill.group);
  }
  add('provider', a.provider);
  add('kind', a.kind);
  if (a.pathway) add('pathway', a.pathway);
  return values;
}

/** The award counters an award adds `by` (1, or −1 for its revocation) to: every period, one shard. */
export function awardCounterAdds(a: AwardAttribution, by: 1 | -1): CounterAdd[] {
  const shard = shardOf(a.awardId);
  return periodsOf(a.date).flatMap((period): CounterAdd[] =>
    awardValues(a).flatMap(({ dimension, value }) => {
      const cells: Cell[] = [{ measure: 'awards', dimension, value, area: a.area, age: a.age }];
      if (a.pathway && dimension === 'pathway') cells.push({ measure: 'milestones', dimension, value, area: a.area, age: a.age });
      return cells.map((cell) => ({ period, shard, cell, by }));
    }),
  ).concat(a.badgeClassId ? funnelAwardAdds(a, a.badgeClassId, shard, by) : []);
}

/**
 * The funnel's award cells: awards by badge class (not a dimension of distinct learners, so no marker),
 * and the same again for a consenting learner, whom a destination may count.
 */
function funnelAwardAdds(a: AwardAttribution, badgeClassId: string, shard: number, by: 1 | -1): CounterAdd[] {
  const measures: Measure[] = a.consented ? ['awards', 'consentedAwards'] : ['awards'];
  return periodsOf(a.date).flatMap((period) => measures.map((measure) => ({ period, shard, cell: { measure, dimension: 'badge' as const, value: badgeClassId, area: a.area, age: a.age }, by })));
}

/** The distinct-learner cells of an award (each guarded by the learner's marker for it), by period. */
export function learnerCells(a: AwardAttribution): { period: Period; shard: number; cell: Cell }[] {
  const shard = shardOf(a.learnerKey);
  return periodsOf(a.date).flatMap((period) =>
    awardValues(a).map(({ dimension, value }) => ({ period, shard, cell: { measure: 'learners' as const, dimension, value, area: a.area, age: a.age } })),
  );
}

// --- Supply and demand ---------------------------------------------------------------------------

/** The kinds of opportunity an employer offers: the skills they name are what the city's employers ask for. */
export const DEMAND_KINDS: readonly OpportunityKind[] = ['job', 'apprenticeship', 'work-experience'];

/** What a listed opportunity is counted as. */
export interface SupplyAttribution {
  skills: string[];
  kind: OpportunityKind;
  area: string;
  /** The age bands its age range is open to. */
  ages: AgeBand[];
  cost: 'free' | 'paid';
  places?: number;
}

const BAND_RANGES: Record<AgeBand, [number, number]> = { 'under-13': [0, 12], '13-15': [13, 15], '16-17': [16, 17], '18-24': [18, 24], '25-plus': [25, 200] };

/** The age bands an OpenActive age range overlaps. */
export const bandsOf = (range: { min: number; max?: number }): AgeBand[] =>
  AGE_BANDS.filter((band) => range.min <= BAND_RANGES[band][1] && (range.max ?? 200) >= BAND_RANGES[band][0]);

/** The supply (and demand) counters a listed opportunity adds `by` to: one per skill, kind and cost, per age band it is open to. */
export function supplyCounterAdds(s: SupplyAttribution, by: 1 | -1): CounterAdd[] {
  const adds: CounterAdd[] = [];
  const push = (measure: Measure, dimension: Dimension, value: string, age: AgeCell, n: number) =>
    adds.push({ period: NOW, shard: 0, cell: { measure, dimension, value, area: s.area, age }, by: by * n });
  for (const age of [...s.ages, ALL_AGES] as const) {
    const values: [Dimension, string][] = [['total', 'all'], ['kind', s.kind], ['cost', s.cost], ...[...new Set(s.skills)].map((skill): [Dimension, string] => ['skill', skill])];
    for (const [dimension, value] of values) {
      push('opportunities', dimension, value, age, 1);
      if (s.places) push('places', dimension, value, age, s.places);
    }
    if (DEMAND_KINDS.includes(s.kind)) for (const skill of new Set(s.skills)) push('demand', 'skill', skill, age, 1);
  }
  return adds;
}

/** Adds of the same counter merged (a change from one listing to another subtracts and adds the same cells). */
export function mergeAdds(adds: readonly CounterAdd[]): CounterAdd[] {
  const merged = new Map<string, CounterAdd>();
  for (const add of adds) {
    const key = `${add.period}#${add.shard}#${cellKey(add.cell)}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, by: seen.by + add.by } : add);
  }
  return [...merged.values()].filter((add) => add.by !== 0);
}

// The published figures of insights: exact counters (functions/data/insights.ts) sliced by the
// filters and turned into tables that are safe to publish, every column through disclosure.ts. The
// dashboard, the open data files and the public page all show these tables and nothing else, so what a
// city admin sees is what may be published. Pure.
import { protectTable, publishExactly, type DisclosureRule, type Figure } from './disclosure';
import { ALL_AGES, AGE_CELLS, parseCellKey, UNKNOWN_AGE, type AgeCell, type Dimension, type Measure } from './insights';

/** The exact counts of one read (a period, or supply now), indexed by measure, dimension and value. */
export class Counts {
  private readonly byLine = new Map<string, { area: string; age: AgeCell; n: number }[]>();

  constructor(counts: ReadonlyMap<string, number>) {
    for (const [key, n] of counts) {
      const cell = parseCellKey(key);
      if (!cell || n === 0) continue;
      const line = `${cell.measure}|${cell.dimension}|${cell.value}`;
      const list = this.byLine.get(line) ?? [];
      list.push({ area: cell.area, age: cell.age, n });
      this.byLine.set(line, list);
    }
  }

  /**
   * The exact count of a measure for one dimension value within the filters. Supply is kept once more
   * under age `all` (an opportunity open to several bands is one): without an age filter it reads that.
   */
  get(measure: Measure, dimension: Dimension, value: string, filter: Filter): number {
    const supply = measure === 'opportunities' || measure === 'places' || measure === 'demand';
    const age: AgeCell | undefined = filter.age ?? (supply ? ALL_AGES : undefined);
    return (this.byLine.get(`${measure}|${dimension}|${value}`) ?? [])
      .filter((c) => (filter.area === undefined || c.area === filter.area) && (age === undefined ? c.age !== ALL_AGES : c.age === age))
      .reduce((sum, c) => sum + c.n, 0);
  }

  /** The values a dimension has counts for (providers, pathways: not known in advance). */
  values(measure: Measure, dimension: Dimension): string[] {
    const prefix = `${measure}|${dimension}|`;
    return [...this.byLine.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** By area, for the map: the count of every area (and of no known area). */
  byArea(measure: Measure, dimension: Dimension, value: string, filter: Filter): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.byLine.get(`${measure}|${dimension}|${value}`) ?? []) {
      if (c.age === ALL_AGES || (filter.age !== undefined && c.age !== filter.age)) continue;
      out.set(c.area, (out.get(c.area) ?? 0) + c.n);
    }
    return out;
  }
}

export interface Filter {
  area?: string;
  age?: AgeCell;
}

export interface Row {
  key: string;
  label: string;
}

export interface Column {
  key: string;
  label: string;
  /** The exact count of a row. */
  count: (row: Row) => number;
  /** It counts providers' public listings, not people: published exactly (disclosure.ts, publishExactly). */
  listings?: true;
}

/** A published table: each column protected on its own, with its total (its rows are parts of one whole or overlap, as the note says). */
export interface FigureTable {
  id: string;
  title: string;
  /** What the figures are and are not (how rows overlap, what is not counted yet). */
  note?: string;
  /** How the dashboard draws it: bars of its first column (the default), or a funnel per row. */
  chart?: 'funnel';
  rowHeader: string;
  rows: Row[];
  /** A column of percentages (a funnel's share between steps) says so: its figures are not counts. */
  columns: { key: string; label: string; unit?: 'percent' }[];
  /** figures[row][column]. */
  figures: Figure[][];
  /** The column totals as published (withheld when they would reveal a withheld figure). */
  totals: Figure[];
}

/**
 * Protects each column as a one-column table with its total: small counts withheld, a line that would
 * give one away by subtraction withheld too, everything rounded from the exact count; a column of
 * listings is published exactly. Columns are
 * protected apart because they count different things (awards, learners), whose sum means nothing.
 */
export function figureTable(spec: Omit<FigureTable, 'columns' | 'figures' | 'totals'> & { columns: Column[] }, rule: DisclosureRule): FigureTable {
  const protectedColumns = spec.columns.map((column) => {
    const cells = { cells: spec.rows.map((row) => [column.count(row)]) };
    return column.listings ? publishExactly(cells) : protectTable(cells, rule);
  });
  return {
    ...spec,
    columns: spec.columns.map(({ key, label }) => ({ key, label })),
    figures: spec.rows.map((_, r) => protectedColumns.map((p) => p.cells[r]![0]!)),
    totals: protectedColumns.map((p) => p.total),
  };
}

export const AGE_LABELS: Record<AgeCell, string> = {
  'under-13': 'Under 13',
  '13-15': '13 to 15',
  '16-17': '16 or 17',
  '18-24': '18 to 24',
  '25-plus': '25 or over',
  [UNKNOWN_AGE]: 'Not known (no consent)',
  [ALL_AGES]: 'All ages',
};

export const ageRows = (): Row[] => AGE_CELLS.filter((a) => a !== ALL_AGES).map((a) => ({ key: a, label: AGE_LABELS[a] }));

export const UNKNOWN_AREA_LABEL = 'Not known (no consent, or outside the areas)';

// The labour-market file a city admin uploads: what employers ask for, as a CSV of
// `skill, area, period, demand, source` (one row per skill, area and period of one source). The file
// is read and checked row by row the way award imports are (the same CSV reader, a header naming the
// columns, problems named by spreadsheet row and column), and nothing is kept unless every row is
// right. Its rows are grouped into sets, one per source and period: an upload replaces exactly the
// sets it names (functions/labour-market/service.ts).
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { readCsvTable, type CsvRecord } from './csv';
import { DomainError, invalid, type FieldProblem } from './errors';

export const DEMAND_COLUMNS = ['skill', 'area', 'period', 'demand', 'source'] as const;
export type DemandColumn = (typeof DEMAND_COLUMNS)[number];

/** 1 MiB: 10,000 rows of a long source name fit with room to spare, and the request stays far under Lambda's 6 MB. */
export const MAX_DEMAND_BYTES = 1024 * 1024;
/**
 * Rows per file: written in one request (API Gateway gives up after 30 s), and the most a set's Query
 * reads. 10,000 is 500 skills (the spine's limit) in 20 areas; bigger data goes in one file per period.
 */
export const MAX_DEMAND_ROWS = 10_000;
/** Sets (source × period) per file: they are switched over in one transaction (at most 100 items). */
export const MAX_DEMAND_SETS = 100;
/** A 400 lists the problems of this many rows, and says how many more there are. */
const MAX_LISTED_PROBLEMS = 50;

/**
 * A month (`2026-03`) or a quarter (`2026-Q1`), the two granularities the sources publish in: online job
 * advert counts come monthly, the ONS Vacancy Survey and employer skills surveys quarterly. Both are
 * SDMX's time-period formats (the ONS and Eurostat publish in them), so a file exported from either
 * needs no rewriting, and a month can never be mistaken for a quarter. A lowercase `q` is taken and
 * written uppercase. Months and quarters are stored as given, never spread or summed into each other.
 */
export const PERIOD_PATTERN = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
export const DemandPeriod = z.string().check(z.regex(PERIOD_PATTERN, 'must be a month (YYYY-MM) or a quarter (YYYY-Qn)'));

/**
 * An area code as the city config lists them: ONS GSS codes (`E05000026` a ward, `E01000001` an LSOA)
 * or a city's own short codes (`demo-north`). No `#`, which separates the parts of keys.
 */
export const AREA_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const AreaCode = z.string().check(z.regex(AREA_CODE_PATTERN, 'must be an area code: 1-32 letters, digits, ".", "_" or "-"'));

/** Who published the figures (`Adzuna`, `ONS vacancy survey`): shown beside them, and half of what a set is. */
export const SOURCE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._&'()/-]{0,58}[A-Za-z0-9)])?$/;

const DEMAND_PATTERN = /^\d{1,9}$/;

export interface DemandRow {
  /** The spreadsheet row it came from. */
  row: number;
  skillId: string;
  area: string;
  period: string;
  source: string;
  /** Vacancies, job adverts or workers sought: a whole number, as the source counts it. */
  demand: number;
}

/** What a city admin's upload changes: one source's figures for one period, all its rows at once. */
export interface DemandSet {
  source: string;
  period: string;
  rows: DemandRow[];
  /** Sum of the rows' demand. */
  total: number;
  /** SHA-256 of the set's rows in key order: the same figures uploaded again change nothing. */
  digest: string;
}

export interface SpineCheck {
  /** Skill ids of the city's spine, retired ones included. */
  skills: ReadonlyMap<string, { retired: boolean }>;
  /** Whether the city lists the area (functions/labour-market/service.ts: isCityArea). */
  isCityArea: (code: string) => boolean;
}

const columnByLowercase = new Map<string, DemandColumn>(DEMAND_COLUMNS.map((c) => [c, c]));

function readHeader(fields: readonly string[]): DemandColumn[] {
  const problems: FieldProblem[] = [];
  const columns: DemandColumn[] = [];
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim();
    const column = columnByLowercase.get(name.toLowerCase());
    if (!name) problems.push({ in: 'body', field: `column ${index + 1}`, detail: 'has no name in the header row' });
    else if (!column) problems.push({ in: 'body', field: name, detail: `is not a known column; the columns are ${DEMAND_COLUMNS.join(', ')}` });
    else if (columns.includes(column)) problems.push({ in: 'body', field: column, detail: 'appears twice in the header row' });
    if (column) columns.push(column);
  }
  for (const column of DEMAND_COLUMNS) {
    if (!columns.includes(column)) problems.push({ in: 'body', field: column, detail: 'column is required: the first row must be a header naming skill, area, period, demand and source' });
  }
  if (problems.length) throw invalid(problems);
  return columns;
}

const normalPeriod = (value: string) => value.replace(/q/, 'Q');

/** One row's problems (none: the row), each naming its column. */
function readRow(columns: readonly DemandColumn[], record: CsvRecord, spine: SpineCheck): { row?: DemandRow; problems: FieldProblem[] } {
  const cell = (column: DemandColumn) => (record.fields[columns.indexOf(column)] ?? '').trim();
  const at = (column: DemandColumn, detail: string): FieldProblem => ({ in: 'body', field: `row ${record.row}.${column}`, detail });
  const extra = record.fields.slice(columns.length).filter((field) => field.trim() !== '');
  if (extra.length) return { problems: [{ in: 'body', field: `row ${record.row}`, detail: `has ${record.fields.length} cells but the header names ${columns.length} columns` }] };
  const problems: FieldProblem[] = [];
  const [skillId, area, period, demand, source] = [cell('skill'), cell('area'), normalPeriod(cell('period')), cell('demand'), cell('source')];
  const skill = spine.skills.get(skillId);
  if (!skillId) problems.push(at('skill', "is empty: give the id of a skill of the city's spine"));
  else if (!skill) problems.push(at('skill', `"${skillId.slice(0, 60)}" is not a skill of the city's spine (GET /skills lists their ids)`));
  else if (skill.retired) problems.push(at('skill', `"${skillId}" was retired from the city's spine`));
  if (!area) problems.push(at('area', 'is empty: give an area code'));
  else if (!AREA_CODE_PATTERN.test(area)) problems.push(at('area', 'must be an area code: 1-32 letters, digits, ".", "_" or "-"'));
  else if (!spine.isCityArea(area)) problems.push(at('area', `"${area}" is not one of the city's areas`));
  if (!PERIOD_PATTERN.test(period)) problems.push(at('period', 'must be a month (YYYY-MM) or a quarter (YYYY-Qn)'));
  if (!DEMAND_PATTERN.test(demand)) problems.push(at('demand', 'must be a whole number from 0 to 999999999, without separators'));
  if (!SOURCE_PATTERN.test(source)) problems.push(at('source', 'must be a source name: 1-60 letters, digits, spaces and . _ & \' ( ) / -'));
  if (problems.length) return { problems };
  return { row: { row: record.row, skillId, area, period, source, demand: Number(demand) }, problems };
}

const setKey = (row: Pick<DemandRow, 'source' | 'period'>) => `${row.period}\u0000${row.source}`;

/** A set's rows in key order, and the digest of exactly what is stored of them. */
function toSet(rows: DemandRow[]): DemandSet {
  const sorted = [...rows].sort((a, b) => (a.skillId === b.skillId ? (a.area < b.area ? -1 : 1) : a.skillId < b.skillId ? -1 : 1));
  const digest = createHash('sha256').update(JSON.stringify(sorted.map((r) => [r.skillId, r.area, r.demand]))).digest('hex');
  return { source: rows[0]!.source, period: rows[0]!.period, rows: sorted, total: rows.reduce((sum, r) => sum + r.demand, 0), digest };
}

/**
 * Reads an uploaded file (UTF-8 CSV, a header row, 1 to MAX_DEMAND_ROWS rows) into its sets, or a 400
 * naming every row and column that is wrong (the first MAX_LISTED_PROBLEMS rows' worth). A row that
 * repeats another's skill, area, period and source is refused too: summing or keeping one of them
 * would be a guess about what the source meant.
 */
export function readDemandFile(bytes: Uint8Array, spine: SpineCheck): DemandSet[] {
  const { header, rows } = readCsvTable(bytes, { columns: DEMAND_COLUMNS, rows: 'figures' });
  const columns = readHeader(header.fields);
  if (rows.length > MAX_DEMAND_ROWS) throw new DomainError('too-large', `The file has ${rows.length} rows; at most ${MAX_DEMAND_ROWS} can be uploaded at once (upload one file per period)`);

  const problemRows: FieldProblem[][] = [];
  const firstRowOf = new Map<string, number>();
  const sets = new Map<string, DemandRow[]>();
  for (const record of rows) {
    const { row, problems } = readRow(columns, record, spine);
    if (row) {
      const cellKey = `${setKey(row)}\u0000${row.skillId}\u0000${row.area}`;
      const first = firstRowOf.get(cellKey);
      if (first !== undefined) problems.push({ in: 'body', field: `row ${record.row}`, detail: `repeats row ${first} (the same skill, area, period and source): combine them into one row` });
      else {
        firstRowOf.set(cellKey, record.row);
        sets.set(setKey(row), [...(sets.get(setKey(row)) ?? []), row]);
      }
    }
    if (problems.length) problemRows.push(problems);
  }
  if (problemRows.length) {
    const listed = problemRows.slice(0, MAX_LISTED_PROBLEMS).flat();
    const more = problemRows.length - MAX_LISTED_PROBLEMS;
    throw invalid(more > 0 ? [...listed, { in: 'body', field: '', detail: `and ${more} more rows with problems: nothing was stored` }] : listed);
  }
  if (sets.size > MAX_DEMAND_SETS) {
    throw invalid([{ in: 'body', field: '', detail: `names ${sets.size} source and period pairs; at most ${MAX_DEMAND_SETS} can be uploaded at once` }]);
  }
  return [...sets.values()].map(toSet);
}

/** The three months of a quarter, or the month itself: for setting demand beside monthly counts. */
export function periodMonths(period: string): string[] {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new Error(`Not a period: ${period}`);
  const [, year, month, quarter] = match;
  if (month) return [period];
  const first = (Number(quarter) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** One uploaded figure as the dashboard reads it. */
export const DemandFigureSchema = z.object({
  period: z.string(),
  source: z.string(),
  skillId: z.string(),
  area: z.string(),
  demand: z.number(),
});
export type DemandFigure = z.infer<typeof DemandFigureSchema>;

/** A stored set: which generation of cells is current, and what it holds. */
export const DemandSetRecordSchema = z.object({
  period: z.string(),
  source: z.string(),
  generation: z.string(),
  rows: z.number(),
  total: z.number(),
  digest: z.string(),
  uploadedAt: z.string(),
});
export type DemandSetRecord = z.infer<typeof DemandSetRecordSchema>;

export const DEMAND_GENERATION_LENGTH = 16;

// Statistical disclosure control for every figure the city publishes about learners (counts of public
// listings are published exactly: publishExactly): a two-way table of
// exact counts (e.g. skills × age bands in one area) with its row, column and grand totals becomes a
// table that is safe to publish. The method is the one HESA and the ONS describe for tables of people:
//   1. primary suppression: a count from 1 to threshold − 1 is a small number of people and is withheld;
//   2. secondary suppression: the totals are published, so a line (a row or a column with its total)
//      with exactly one withheld entry would give it away by subtraction; the smallest other entry of
//      that line is withheld too, and so on until every line has none or at least two;
//   3. rounding: every figure that is published is rounded to the nearest multiple of `roundTo`,
//      from the exact count (never summed from rounded figures), so no published figure is exact;
//   4. a percentage is computed from exact counts, withheld with its count, and withheld when its base
//      is under `minimumPercentageBase`.
// Withheld entries are not marked primary or secondary: saying which would tell a reader which ones
// are small. Pure: the insights consumer and pages call it, tests attack its output.

export interface DisclosureRule {
  /** Published figures are rounded to the nearest multiple of this (HESA: 5). */
  roundTo: number;
  /** Counts from 1 to threshold − 1 are withheld. */
  threshold: number;
  /** A percentage is withheld when its base (exact) is under this. */
  minimumPercentageBase: number;
}

export const DEFAULT_DISCLOSURE_RULE: DisclosureRule = { roundTo: 5, threshold: 10, minimumPercentageBase: 25 };

/** A published figure: a rounded count, or withheld. */
export type Figure = number | 'withheld';

export interface CountTable {
  /** cells[row][column]: exact counts, non-negative integers. */
  cells: readonly (readonly number[])[];
}

export interface PublishedTable {
  cells: Figure[][];
  rowTotals: Figure[];
  columnTotals: Figure[];
  total: Figure;
}

/**
 * A table of counts of what providers publicly list (opportunities, their places, employers' openings),
 * as it may be published: exactly. Disclosure control stops statistics revealing confidential
 * information about the people they count (the GSS/ONS guidance on disclosure control); a listing is
 * what its provider publishes itself, on the directory's public pages already, so rounding or
 * withholding their counts protects no one and hides a small area's offer. Never for a table that
 * counts learners or their awards.
 */
export function publishExactly(table: CountTable): PublishedTable {
  const cells = table.cells.map((row) => [...row]);
  const columns = cells[0]?.length ?? 0;
  const columnTotals = Array.from({ length: columns }, (_, c) => cells.reduce((sum, row) => sum + row[c]!, 0));
  return { cells, rowTotals: cells.map((row) => row.reduce((a, b) => a + b, 0)), columnTotals, total: columnTotals.reduce((a, b) => a + b, 0) };
}

/** Rounds half up to the nearest multiple of `base` (12.5 → 15 with base 5), as HESA does. */
export function roundTo(value: number, base: number): number {
  return Math.floor(value / base + 0.5) * base;
}

const isSmall = (count: number, rule: DisclosureRule) => count > 0 && count < rule.threshold;

/** A table extended by its totals: row `rows` holds the column totals, column `columns` the row totals. */
type Extended = number[][];
type Entry = [row: number, column: number];

/**
 * The table as it may be published. Entries are addressed in the table extended by its totals, so a row
 * total and the grand total take part in the same rules as the cells. After the classic rule (no line
 * with exactly one withheld entry), an audit plays the attacker: it looks for another table that every
 * published figure fits, with a different value in each withheld entry; an entry it cannot move (or
 * cannot decide within its budget) has a line partner withheld too, and the audit runs again. Rounding
 * alone defeats most attacks and the classic rule most of the rest; the audit closes the rare tables
 * where bounds (a published figure is at least the threshold, no count is negative) still pin a value.
 */
export function protectTable(table: CountTable, rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE): PublishedTable {
  const rows = table.cells.length;
  const columns = rows === 0 ? 0 : table.cells[0]!.length;
  for (const row of table.cells) {
    if (row.length !== columns) throw new Error('every row of a table has the same number of columns');
    for (const count of row) if (!Number.isInteger(count) || count < 0) throw new Error('counts are non-negative integers');
  }
  const exact: Extended = table.cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  exact.push(Array.from({ length: columns + 1 }, (_, c) => exact.reduce((sum, row) => sum + row[c]!, 0)));
  const withheld = exact.map((row) => row.map((count) => isSmall(count, rule)));
  // Far above any count a reader could believe in; see knownCounts.
  const cap = 2 * exact[rows]![columns]! + rule.threshold;
  const lines = linesOf(rows, columns);
  const entries = lines.slice(0, rows + 1).flat();
  const linesThrough = ([r, c]: Entry) => lines.filter((line) => line.some(([lr, lc]) => lr === r && lc === c));

  for (;;) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const line of lines) {
        if (line.filter(([r, c]) => withheld[r]![c]).length !== 1) continue;
        const partner = smallestPublished(line, exact, withheld, rows, columns);
        if (partner) {
          withheld[partner[0]]![partner[1]] = true;
          changed = true;
        }
      }
    }
    const published = figures(exact, withheld, rule);
    const pinned = entries.find(([r, c]) => withheld[r]![c] && !movable(published, [r, c], exact[r]![c]!, rule, cap));
    if (!pinned) return published;
    const partner =
      smallestPublished(linesThrough(pinned).flat(), exact, withheld, rows, columns) ??
      smallestPublished(entries, exact, withheld, rows, columns);
    // Everything withheld: nothing is left to pin anything with.
    if (!partner) return published;
    withheld[partner[0]]![partner[1]] = true;
  }
}

function linesOf(rows: number, columns: number): Entry[][] {
  return [
    ...Array.from({ length: rows + 1 }, (_, r) => Array.from({ length: columns + 1 }, (__, c): Entry => [r, c])),
    ...Array.from({ length: columns + 1 }, (_, c) => Array.from({ length: rows + 1 }, (__, r): Entry => [r, c])),
  ];
}

function figures(exact: Extended, withheld: boolean[][], rule: DisclosureRule): PublishedTable {
  const rows = exact.length - 1;
  const columns = exact[0]!.length - 1;
  const figure = (r: number, c: number): Figure => (withheld[r]![c] ? 'withheld' : roundTo(exact[r]![c]!, rule.roundTo));
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (__, c) => figure(r, c))),
    rowTotals: Array.from({ length: rows }, (_, r) => figure(r, columns)),
    columnTotals: Array.from({ length: columns }, (_, c) => figure(rows, c)),
    total: figure(rows, columns),
  };
}

/**
 * The entry to withhold beside others: the smallest published count that is not zero (a zero hides
 * nothing: no one can be found in it), a cell before a total (totals are what readers use most).
 */
function smallestPublished(entries: Entry[], exact: Extended, withheld: boolean[][], rows: number, columns: number): Entry | undefined {
  const isTotal = ([r, c]: Entry) => (r === rows || c === columns ? 1 : 0);
  return entries
    .filter(([r, c]) => !withheld[r]![c] && exact[r]![c]! > 0)
    .sort((a, b) => isTotal(a) - isTotal(b) || exact[a[0]]![a[1]]! - exact[b[0]]![b[1]]!)[0];
}

/** Whether some table fits every published figure with a value other than `value` at `entry`. */
function movable(published: PublishedTable, entry: Entry, value: number, rule: DisclosureRule, cap: number): boolean {
  const index = variableOf(published, entry);
  const known = knownCounts(published, rule, cap)[index]!;
  return [
    { lo: known.lo, hi: Math.min(known.hi, value - 1) },
    { lo: Math.max(known.lo, value + 1), hi: known.hi },
  ].some((range) => range.lo <= range.hi && completion(published, rule, cap, index, range) !== undefined);
}

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * The attack's variables: the cells row by row, then the row totals, the column totals and the grand
 * total; `attackFigures` lists the published figures in that order.
 */
function variableOf(p: PublishedTable, [r, c]: Entry): number {
  const rows = p.rowTotals.length;
  const columns = p.columnTotals.length;
  if (r < rows) return c < columns ? r * columns + c : rows * columns + r;
  return rows * columns + rows + c;
}

export function attackFigures(p: PublishedTable): Figure[] {
  return [...p.cells.flat(), ...p.rowTotals, ...p.columnTotals, p.total];
}

/**
 * What a reader knows of each exact count: a published figure f is a count that rounds to f and, as it
 * was not withheld, is zero or at least the threshold; a withheld count is anything from 0 to `cap`
 * (a cap, which no reader has, only ever helps the attack).
 */
export function knownCounts(p: PublishedTable, rule: DisclosureRule, cap: number): Interval[] {
  return attackFigures(p).map((f) => {
    if (f === 'withheld') return { lo: 0, hi: cap };
    if (f === 0) return { lo: 0, hi: 0 };
    return { lo: Math.max(f - Math.floor(rule.roundTo / 2), rule.threshold), hi: f + Math.ceil(rule.roundTo / 2) - 1 };
  });
}

/** The sums the attack's variables obey: each row, each column, and the grand total both ways. */
export function attackSums(p: PublishedTable): { total: number; parts: number[] }[] {
  const rows = p.rowTotals.length;
  const columns = p.columnTotals.length;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const at = (r: number, c: number) => variableOf(p, [r, c]);
  return [
    ...range(rows).map((r) => ({ total: at(r, columns), parts: range(columns).map((c) => at(r, c)) })),
    ...range(columns).map((c) => ({ total: at(rows, c), parts: range(rows).map((r) => at(r, c)) })),
    { total: at(rows, columns), parts: range(rows).map((r) => at(r, columns)) },
    { total: at(rows, columns), parts: range(columns).map((c) => at(rows, c)) },
  ];
}

/** How many search steps one audit question may take before it counts as "cannot move" (and so withheld more). */
const SEARCH_BUDGET = 20_000;

/**
 * A table (in the attack's variable order) that fits every published figure and has variable `index`
 * in `range`, or undefined when there is none or the search ran out of budget. Interval propagation
 * over the sums to a fixed point, then bisection of the widest variable: complete for integers.
 */
export function completion(p: PublishedTable, rule: DisclosureRule, cap: number, index: number, range: Interval): number[] | undefined {
  const sums = attackSums(p);
  const start = knownCounts(p, rule, cap).map((d, i) => (i === index ? range : d));
  let steps = 0;
  const search = (domains: Interval[]): number[] | undefined => {
    if (++steps > SEARCH_BUDGET) return undefined;
    const d = domains.map((x) => ({ ...x }));
    for (let changed = true; changed; ) {
      changed = false;
      for (const { total, parts } of sums) {
        const lo = parts.reduce((s, i) => s + d[i]!.lo, 0);
        const hi = parts.reduce((s, i) => s + d[i]!.hi, 0);
        const t = d[total]!;
        if (t.lo < lo || t.hi > hi) {
          t.lo = Math.max(t.lo, lo);
          t.hi = Math.min(t.hi, hi);
          changed = true;
        }
        if (t.lo > t.hi) return undefined;
        for (const i of parts) {
          const x = d[i]!;
          const newLo = Math.max(x.lo, t.lo - (hi - x.hi));
          const newHi = Math.min(x.hi, t.hi - (lo - x.lo));
          if (newLo !== x.lo || newHi !== x.hi) {
            x.lo = newLo;
            x.hi = newHi;
            changed = true;
          }
          if (x.lo > x.hi) return undefined;
        }
      }
    }
    let widest = -1;
    d.forEach((x, i) => {
      if (x.hi > x.lo && (widest < 0 || x.hi - x.lo > d[widest]!.hi - d[widest]!.lo)) widest = i;
    });
    if (widest < 0) return d.map((x) => x.lo);
    const { lo, hi } = d[widest]!;
    const mid = Math.floor((lo + hi) / 2);
    return search(d.map((x, i) => (i === widest ? { lo, hi: mid } : x))) ?? search(d.map((x, i) => (i === widest ? { lo: mid + 1, hi } : x)));
  };
  return search(start);
}

/**
 * A percentage of `part` in `base` (exact counts) to publish beside a figure: withheld with its count,
 * and when its base is too small for a percentage to mean anything or to be safe. One decimal place.
 */
export function protectedPercentage(part: number, base: number, partFigure: Figure, rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE): Figure {
  if (partFigure === 'withheld' || base < rule.minimumPercentageBase || base === 0) return 'withheld';
  return Math.round((part / base) * 1000) / 10;
}

// Supply is published exactly, people are not: a column that counts providers' public listings
// (opportunities, places, employer openings) comes out as its exact counts and total, however small,
// while a column of learners or awards in the same table keeps the disclosure rule, with its secondary
// suppression, exactly as if it stood alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE_RULE, protectTable, publishExactly } from '../../functions/domain/disclosure';
import { figureTable, type Row } from '../../functions/domain/insights-figures';

const rule = DEFAULT_DISCLOSURE_RULE;
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ key: `r${i}`, label: `Row ${i}` }));

describe('figures of listings and of people', () => {
  it('publishes a column of listings exactly, small counts and total included, and rounds and withholds the learners beside it', () => {
    const counts = [3, 7, 0, 12, 1];
    const table = figureTable(
      {
        id: 'supply-demand',
        title: 'On offer',
        rowHeader: 'Skill',
        rows: rows(counts.length),
        columns: [
          { key: 'opportunities', label: 'Opportunities', count: (r) => counts[Number(r.key.slice(1))]!, listings: true },
          { key: 'learners', label: 'Learners', count: (r) => counts[Number(r.key.slice(1))]! },
        ],
      },
      rule,
    );
    expect(table.figures.map((row) => row[0])).toEqual([3, 7, 0, 12, 1]);
    expect(table.totals[0]).toBe(23);
    // The same counts as people: the small ones withheld, 12 rounded, the zero published.
    expect(table.figures.map((row) => row[1])).toEqual(['withheld', 'withheld', 0, 10, 'withheld']);
    expect(table.totals[1]).toBe(25);
  });

  it('publishes exact totals of every line of a table of listings', () => {
    expect(publishExactly({ cells: [[1, 2], [3, 0]] })).toEqual({ cells: [[1, 2], [3, 0]], rowTotals: [3, 3], columnTotals: [4, 2], total: 6 });
    expect(publishExactly({ cells: [] })).toEqual({ cells: [], rowTotals: [], columnTotals: [], total: 0 });
  });

  it('leaves the protection of a column of people exactly as if the listings were not beside it', () => {
    const column = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(column, column, (listings, people) => {
        const n = Math.min(listings.length, people.length);
        const table = figureTable(
          {
            id: 't',
            title: 'T',
            rowHeader: 'Row',
            rows: rows(n),
            columns: [
              { key: 'places', label: 'Places', count: (r) => listings[Number(r.key.slice(1))]!, listings: true },
              { key: 'awards', label: 'Badges earned', count: (r) => people[Number(r.key.slice(1))]! },
            ],
          },
          rule,
        );
        const alone = protectTable({ cells: people.slice(0, n).map((p) => [p]) }, rule);
        expect(table.figures.map((row) => row[1])).toEqual(alone.cells.map((row) => row[0]));
        expect(table.totals[1]).toEqual(alone.total);
        expect(table.figures.map((row) => row[0])).toEqual(listings.slice(0, n));
      }),
      { numRuns: 200 },
    );
  });
});

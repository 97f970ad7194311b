// What the insights routes take and answer: the dashboard, the open data files, the method page and
// the public "state of learning" page, all of the same disclosure-controlled figures.
import * as z from 'zod/mini';
import { AGE_FILTERS as AGES, isPeriod } from '../domain/insights';
import { HtmlPage, type GroupContract } from '../http/contract';

const AGE_FILTERS = AGES as unknown as [string, ...string[]];

/** The filters, as the pages' GET form sends them: an empty choice is "all". */
export const InsightsQuerySchema = z.object({
  period: z.optional(
    z.string().check(
      z.refine((p) => p === '' || isPeriod(p), 'must be a month (M2026-05), a year (Y2026) or ALL'),
      z.describe('M<yyyy-mm> (a month), Y<yyyy> (a year) or ALL; default: this year'),
    ),
  ),
  area: z.optional(z.string().check(z.maxLength(20), z.describe("An area code of the city config, or 'unknown'; empty or absent: all areas"))),
  age: z.optional(z.union([z.literal(''), z.enum(AGE_FILTERS)]).check(z.describe(`An age band (${AGE_FILTERS.join(', ')}); empty or absent: all ages`))),
});

const FigureSchema = z.union([z.number(), z.literal('withheld')]);

export const OpenDataSchema = z
  .object({
    title: z.string(),
    city: z.string(),
    period: z.object({ code: z.string(), name: z.string() }),
    filters: z.object({ area: z.optional(z.string()), age: z.optional(z.string()) }),
    licence: z.object({ name: z.string(), url: z.url() }),
    method: z.url().check(z.describe('The method page: what is counted, and the rounding and suppression rule')),
    disclosure: z.object({ roundTo: z.int(), threshold: z.int(), minimumPercentageBase: z.int() }),
    generatedAt: z.iso.datetime(),
    tables: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        note: z.optional(z.string()),
        rowHeader: z.string(),
        columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.optional(z.literal('percent').check(z.describe('Its figures are percentages (a funnel step per 100 of its first), not counts'))) })),
        rows: z.array(z.object({ key: z.string(), label: z.string(), figures: z.array(FigureSchema) })),
        totals: z.array(FigureSchema),
      }),
    ),
  })
  .check(z.meta({ id: 'InsightsOpenData', description: 'Published learning figures: rounded, small counts withheld (never exact, never per learner)' }));

export const contract = {
  'GET /insights': {
    query: InsightsQuerySchema,
    response: { status: 200, description: "The insights dashboard (a city admin: the city's; a provider: its own reach)", content: { 'text/html': HtmlPage } },
  },
  'GET /insights/data.json': {
    query: InsightsQuerySchema,
    response: { status: 200, description: 'The published figures with their metadata (period, method, suppression rule, licence)', content: { 'application/json': OpenDataSchema } },
  },
  'GET /insights/data.csv': {
    query: InsightsQuerySchema,
    response: {
      status: 200,
      description: 'The published figures as CSV: one row per figure (table, row, column, value); the metadata in the first rows, each starting with #',
      content: { 'text/csv': z.string().check(z.describe('CSV, UTF-8')) },
    },
  },
  'GET /insights/method': {
    response: { status: 200, description: 'How the figures are made: sources, what is counted, rounding and suppression', content: { 'text/html': HtmlPage } },
  },
  'GET /state-of-learning': {
    query: InsightsQuerySchema,
    response: { status: 200, description: 'The public "state of learning in the city" page, when the city config turns it on', content: { 'text/html': HtmlPage } },
    notFound: 'The city has not turned its public page on (insights.publicPage)',
  },
} satisfies GroupContract<'insights'>;

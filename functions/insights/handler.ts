// Route group "insights": the dashboard, the open data files, the method page and the public page.
// Who may call it: the dashboard takes an API key (Authorization: Bearer), as the city's other admin
// pages do (the printable claim codes): a city admin's key shows the city's figures, a provider's key
// its own reach only. The open data, the method page and the public page are public: they hold only
// figures disclosure.ts published, which anyone may read.
import type * as z from 'zod/mini';
import { readCity } from '../../definitions/city-env';
import { toCsv } from '../domain/csv';
import { notFound } from '../domain/errors';
import { AGE_FILTERS, isPeriod, periodChoices, type AgeCell, type Period } from '../domain/insights';
import type { FigureTable } from '../domain/insights-figures';
import { renderInsightsPage, renderMethodPage } from '../domain/pages/insights-pages';
import { authenticatedRoute } from '../http/authenticated-route';
import { dispatch } from '../http/dispatch';
import { binary, htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { audienceOf, insightsConfig, insightsView, type Audience, type InsightsQuery, type InsightsView } from '../services/insights';
import { contract, type InsightsQuerySchema } from './contract';

const city = readCity();

/** The filters as given; the period defaults to this year. */
function queryOf(query: z.output<typeof InsightsQuerySchema>, now: Date): InsightsQuery {
  const period = query.period && isPeriod(query.period) ? query.period : (`Y${now.getUTCFullYear()}` as Period);
  return { period, ...(query.area ? { area: query.area } : {}), ...(query.age ? { age: query.age as AgeCell } : {}) };
}

const search = (q: InsightsQuery) => new URLSearchParams({ period: q.period, ...(q.area ? { area: q.area } : {}), ...(q.age ? { age: q.age } : {}) }).toString();

function page(view: InsightsView, path: string, title: string, intro: string, now: Date): string {
  const query = search(view.query);
  return renderInsightsPage({
    city,
    path,
    title,
    intro,
    query: view.query,
    periods: periodChoices(now),
    areas: view.config.areas,
    ages: AGE_FILTERS,
    byArea: view.byArea,
    tables: view.tables,
    links: { json: `${city.baseUrl}/insights/data.json?${query}`, csv: `${city.baseUrl}/insights/data.csv?${query}`, method: `${city.baseUrl}/insights/method` },
    licence: view.config.licence,
    rule: view.config.disclosure,
  });
}

const dashboard = authenticatedRoute(contract['GET /insights'], async ({ query, principal }) => {
  const now = new Date();
  const audience: Audience = audienceOf(principal);
  const view = await insightsView(queryOf(query, now), audience, now);
  const title = audience.kind === 'city' ? 'Learning across the city' : 'Your reach';
  const intro =
    audience.kind === 'city'
      ? 'Where skills are being gained and where they are missing, what is on offer against what employers ask for, and who goes on from one step to the next.'
      : 'How many learners your badges reach, where and at what ages: the same published figures the city sees, for your own awards.';
  // The figures of a city's learners are for its admins: never kept by a shared cache.
  return htmlPage(page(view, '/insights', title, intro, now), { headers: { 'cache-control': 'private, no-store' } });
});

const tables = (view: InsightsView): FigureTable[] => [view.byArea, ...view.tables];

function openData(view: InsightsView, now: Date) {
  return {
    title: `Learning in ${city.name}`,
    city: city.name,
    period: { code: view.query.period, name: view.query.period },
    filters: { ...(view.query.area ? { area: view.query.area } : {}), ...(view.query.age ? { age: view.query.age } : {}) },
    licence: view.config.licence,
    method: `${city.baseUrl}/insights/method`,
    disclosure: view.config.disclosure,
    generatedAt: now.toISOString(),
    tables: tables(view).map((t) => ({
      id: t.id,
      title: t.title,
      ...(t.note ? { note: t.note } : {}),
      rowHeader: t.rowHeader,
      columns: t.columns,
      rows: t.rows.map((row, r) => ({ key: row.key, label: row.label, figures: t.figures[r]! })),
      totals: t.totals,
    })),
  };
}

/** Open data is cached for five minutes: the counters move with every award, the figures barely. */
const OPEN_DATA_SECONDS = 300;

const dataJson = httpRoute(contract['GET /insights/data.json'], async ({ query }) => {
  const now = new Date();
  const view = await insightsView(queryOf(query, now), { kind: 'city' }, now);
  return json(openData(view, now), { cacheSeconds: OPEN_DATA_SECONDS });
});

const dataCsv = httpRoute(contract['GET /insights/data.csv'], async ({ query }) => {
  const now = new Date();
  const view = await insightsView(queryOf(query, now), { kind: 'city' }, now);
  const data = openData(view, now);
  const meta = [
    ['# title', data.title],
    ['# period', data.period.code],
    ['# filters', JSON.stringify(data.filters)],
    ['# method', data.method],
    ['# suppression', `rounded to the nearest ${data.disclosure.roundTo}; counts under ${data.disclosure.threshold} withheld, with any figure that would reveal one`],
    ['# licence', `${data.licence.name} ${data.licence.url}`],
    ['# generated', data.generatedAt],
  ];
  const rows = data.tables.flatMap((t) => [
    ...t.rows.flatMap((row) => t.columns.map((c, i) => [t.id, row.key, row.label, c.key, String(row.figures[i])])),
    ...t.columns.map((c, i) => [t.id, 'all', 'All', c.key, String(t.totals[i])]),
  ]);
  const body = toCsv([...meta, ['table', 'row', 'row_label', 'column', 'value'], ...rows]);
  return binary(Buffer.from(body), 'text/csv; charset=utf-8', { cacheSeconds: OPEN_DATA_SECONDS, headers: { 'content-disposition': `attachment; filename="learning-${data.period.code}.csv"` } });
});

const method = httpRoute(contract['GET /insights/method'], async () => {
  const config = await insightsConfig();
  return htmlPage(renderMethodPage({ city, rule: config.disclosure, licence: config.licence, areas: config.areas }), { cacheSeconds: OPEN_DATA_SECONDS });
});

const stateOfLearning = httpRoute(contract['GET /state-of-learning'], async ({ query }) => {
  const config = await insightsConfig();
  if (!config.publicPage) throw notFound('The public state-of-learning page');
  const now = new Date();
  const view = await insightsView(queryOf(query, now), { kind: 'city' }, now);
  return htmlPage(
    page(view, '/state-of-learning', `The state of learning in ${city.name}`, 'Which skills people are gaining across the city, where, and at what ages; what is on offer, and what employers ask for.', now),
    { cacheSeconds: OPEN_DATA_SECONDS },
  );
});

export const handler = dispatch('insights', {
  'GET /insights': dashboard,
  'GET /insights/data.json': dataJson,
  'GET /insights/data.csv': dataCsv,
  'GET /insights/method': method,
  'GET /state-of-learning': stateOfLearning,
});

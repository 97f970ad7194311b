// The insights dashboard and the method page in a real browser with JavaScript off, at 320 px, 390 px
// and on a desktop: the map and every chart beside its table, the filter form, no sideways scrolling,
// and axe-core (WCAG 2.2 AA) finding nothing. Figures made as the service makes them (figureTable over
// counts, through disclosure.ts), so withheld figures show as they would. Screenshots in test-results/.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { ageRows, figureTable, type Row } from '../../functions/domain/insights-figures';
import { funnelTable } from '../../functions/domain/insights-funnels';
import { AGE_FILTERS, periodChoices, UNKNOWN_AREA, type AgeCell } from '../../functions/domain/insights';
import { renderInsightsPage, renderMethodPage } from '../../functions/domain/pages/insights-pages';
import type { PageCity } from '../../functions/domain/pages/layout';
import { launchChromium } from '../support/chromium';
import { city as fixtureCity } from '../unit/pages/fixtures';
import { startStaticServer, type StaticServer } from './static-server';
import { checkPage, screenshotPath, VIEWPORTS, type ViewportName } from './viewports';

const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
let server: StaticServer;
let browser: Browser;
let city: PageCity;

/** Counts that vary by row, with a few small ones (withheld). */
const count = (row: Row, salt: number) => (row.key.length * 37 + salt * 11) % 9 === 0 ? 4 : ((row.key.charCodeAt(0) * 13 + salt * 29) % 400) + 12;

/** The funnels as the service makes them: a big page, a small one (its rate withheld) and one with small steps. */
function funnels() {
  const rule = demo.insights.disclosure;
  const exact: Record<string, number[]> = {
    'makers:robots': [1240, 212, 48, 131],
    'library:code-club': [18, 6, 0, 4],
    'museum:young-curators-summer-programme-for-16-to-18-year-olds': [377, 61, 12, 7],
    'city:into-digital': [905, 340, 96, 31],
    'makers:into-making': [22, 12, 3, 0],
  };
  const step = (key: string, label: string, i: number) => ({ key, label, count: (row: Row) => exact[row.key]![i]! });
  return [
    funnelTable(
      {
        id: 'funnel-opportunities',
        title: "From an opportunity's page to its badge, 2026",
        note: 'The opportunities whose pages people viewed most.',
        rowHeader: 'Opportunity',
        rows: [
          { key: 'makers:robots', label: 'Robot workshop' },
          { key: 'museum:young-curators-summer-programme-for-16-to-18-year-olds', label: 'Young curators: a summer programme at the city museum for 16 to 18 year olds' },
          { key: 'library:code-club', label: 'Code Club' },
        ],
        steps: [step('views', 'Page views', 0), step('bookings', 'Booking clicks', 1), step('claims', 'Claims', 2), step('awards', 'Badges earned', 3)],
      },
      rule,
    ),
    funnelTable(
      {
        id: 'funnel-pathways',
        title: "From a pathway's page to its destination, 2026",
        note: 'The pathways whose pages people viewed most.',
        rowHeader: 'Pathway',
        rows: [
          { key: 'city:into-digital', label: 'Into digital' },
          { key: 'makers:into-making', label: 'Into making' },
        ],
        steps: [step('views', 'Page views', 0), step('step-awards', 'Step badges earned', 1), step('milestones', 'Milestones reached', 2), step('destinations', 'Destinations reached', 3)],
      },
      rule,
    ),
  ];
}

function dashboard(): string {
  const rule = demo.insights.disclosure;
  const areas: Row[] = [...demo.insights.areas.map((a) => ({ key: a.code, label: a.name })), { key: UNKNOWN_AREA, label: 'Not known (no consent, or outside the areas)' }];
  const skills: Row[] = demo.skillsSpine.skills.map((s) => ({ key: s.id, label: s.name }));
  const two = (id: string, title: string, rows: Row[], note?: string) =>
    figureTable({ id, title, rowHeader: 'Row', rows, ...(note ? { note } : {}), columns: [{ key: 'awards', label: 'Badges earned', count: (r) => count(r, 1) }, { key: 'learners', label: 'Learners', count: (r) => Math.floor(count(r, 1) / 3) }] }, rule);
  const now = new Date('2026-12-01T00:00:00Z');
  return renderInsightsPage({
    city,
    path: '/insights',
    title: 'Learning across the city',
    intro: 'Where skills are being gained and where they are missing.',
    query: { period: 'Y2026', age: '13-15' as AgeCell },
    periods: periodChoices(now),
    areas: demo.insights.areas,
    ages: AGE_FILTERS,
    byArea: two('by-area', 'Badges earned by area, 2026', areas),
    tables: [
      two('by-skill', 'Skills gained, 2026', skills, 'A badge that names two skills counts once for each.'),
      figureTable(
        {
          id: 'supply-demand',
          title: 'What is on offer against what employers ask for, now',
          rowHeader: 'Skill',
          rows: skills,
          columns: [
            { key: 'opportunities', label: 'Opportunities', count: (r) => count(r, 2) % 40, listings: true },
            { key: 'places', label: 'Places', count: (r) => count(r, 3), listings: true },
            { key: 'demand', label: 'Employer openings', count: (r) => count(r, 4) % 30, listings: true },
          ],
        },
        rule,
      ),
      ...funnels(),
      two('by-age', 'Badges earned by age band, 2026', ageRows()),
    ],
    links: { json: `${city.baseUrl}/insights/data.json`, csv: `${city.baseUrl}/insights/data.csv`, method: `${city.baseUrl}/insights/method` },
    licence: demo.insights.licence,
    rule,
  });
}

beforeAll(async () => {
  server = await startStaticServer();
  city = { ...fixtureCity, baseUrl: server.origin };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, body: string, viewport: ViewportName): Promise<Page> {
  server.documents.set(path, { contentType: 'text/html; charset=utf-8', body });
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: false });
  const page = await context.newPage();
  expect((await page.goto(`${server.origin}${path}`))?.status()).toBe(200);
  return page;
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('the insights pages on %s', (viewport) => {
  it('the dashboard: a map, charts beside their tables, withheld figures said, a filter form', { timeout: 120_000 }, async () => {
    const page = await open('/insights', dashboard(), viewport);
    expect(await page.locator('svg.choropleth path').count()).toBe(demo.insights.areas.length);
    expect(await page.locator('table.insights-table').count()).toBe(6);
    // Each funnel: a bar per step of each row, beside its table with the rate column.
    expect(await page.locator('#funnel-opportunities-heading ~ .insights-figures svg rect').count()).toBe(3 * 4);
    expect(await page.locator('#funnel-pathways-table tbody').first().locator('th[scope=row]').allTextContents()).toEqual(['Page views', 'Step badges earned', 'Milestones reached', 'Destinations reached', 'Destinations reached per 100 page views']);
    // 131 badges of 1,240 views: 10.6 per 100, from exact counts; Code Club's 18 views are too few for a rate.
    expect(await page.locator('#funnel-opportunities-table tbody').first().locator('td').allTextContents()).toEqual(['1,240', '210', '50', '130', '10.6']);
    expect(await page.locator('#funnel-opportunities-table tbody').nth(2).locator('td').last().textContent()).toBe('withheld');
    await page.locator('section[aria-labelledby="funnel-opportunities-heading"]').screenshot({ path: screenshotPath(`insights-funnels-${viewport}`) });
    expect(await page.locator('td', { hasText: 'withheld' }).count()).toBeGreaterThan(0);
    // Supply counts listings, not people: exact, so nothing in its table is withheld.
    expect(await page.locator('#supply-demand-table td', { hasText: 'withheld' }).count()).toBe(0);
    expect(await page.locator('form.insights-filters select').count()).toBe(3);
    await checkPage(page, `insights-dashboard-${viewport}`);
  });

  it('the method page', { timeout: 120_000 }, async () => {
    const page = await open('/insights/method', renderMethodPage({ city, rule: demo.insights.disclosure, licence: demo.insights.licence, areas: demo.insights.areas }), viewport);
    expect(await page.locator('h1').textContent()).toContain('How the learning figures are made');
    await checkPage(page, `insights-method-${viewport}`);
  });
});

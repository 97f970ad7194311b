// The portal's pages in a real browser: the home page, the search page and an opportunity page, at a
// phone's width, at 320 px and on a desktop, with JavaScript off (what every visitor gets) — axe-core
// finds no WCAG 2.2 A/AA violation, nothing scrolls sideways — and the search page's map with
// JavaScript on, drawn by the city's own Leaflet with and without tiles. Screenshots in test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderOpportunityPage } from '../../functions/domain/pages/opportunity-page';
import { renderSearchPage } from '../../functions/domain/pages/opportunity-search-page';
import { renderHomePage } from '../../functions/domain/pages/portal-home';
import { asset } from '../../functions/portal/assets';
import { ASSET_NAMES } from '../../functions/portal/contract';
import { homeModel, opportunityModel, sampleOpportunities, searchModel } from '../support/portal-fixtures';
import { renderedPages } from './rendered-pages';
import { VIEWPORTS, checkPage, type ViewportName } from './viewports';

// The pages' own links and assets point at the server, as they point at the city's own origin.
const pages = renderedPages((server) => {
  for (const name of ASSET_NAMES) server.documents.set(`/assets/${name}`, { contentType: asset(name).contentType, body: asset(name).body });
});
const open = pages.open;

const check = (page: Page, name: string) => checkPage(page, `portal-${name}`);

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('portal pages on %s, JavaScript off', (viewport) => {
  it('home: what the city is, a search box, skills, what starts soon, providers, how badges work', async () => {
    const page = await open(`/home-${viewport}`, renderHomePage(homeModel(pages.city)), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Find your next opportunity']);
    await expect(page.getByRole('searchbox', { name: 'Search opportunities' }).count()).resolves.toBe(1);
    for (const heading of ['Featured', 'Starting soon', 'Skills you can build', 'How badges work', 'Who offers opportunities']) {
      await expect(page.getByRole('heading', { name: heading, level: 2 }).count()).resolves.toBe(1);
    }
    expect(await page.getByRole('link', { name: 'Coding', exact: true }).getAttribute('href')).toBe(`${pages.city.baseUrl}/opportunities?skill=coding`);
    await check(page, `home-${viewport}`);
  });

  it('search: the filters as a plain form, the results and the next page; the map stays hidden', async () => {
    const page = await open(`/search-${viewport}`, renderSearchPage(searchModel(pages.city, pages.server.origin)), viewport);
    expect(await page.locator('form[role=search]').getAttribute('method')).toBe('get');
    expect(await page.getByLabel('Words').inputValue()).toBe('code');
    expect(await page.getByLabel('Course').isChecked()).toBe(true);
    expect(await page.getByLabel('Near').inputValue()).toBe('52.4797,-1.9027');
    await expect(page.locator('.result').count()).resolves.toBe(sampleOpportunities().length);
    expect(await page.locator('.result').nth(3).innerText()).toContain('Full');
    expect(await page.locator('#opportunity-map').isHidden()).toBe(true);
    expect(await page.getByRole('link', { name: 'Next page' }).getAttribute('href')).toContain('cursor=abc');
    await check(page, `search-${viewport}`);
  });

  it('opportunity: when, where, who, cost, skills, badges, accessibility, how to take part, calendar, JSON-LD', async () => {
    const model = opportunityModel(pages.city);
    const page = await open(`/opportunity-${viewport}`, renderOpportunityPage(model), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual([model.opportunity.title]);
    for (const heading of ['When', 'Where', 'How to take part', 'Skills it builds', 'Badges you can earn', 'Accessibility']) {
      await expect(page.getByRole('heading', { name: heading, level: 2 }).count()).resolves.toBe(1);
    }
    expect(await page.getByRole('link', { name: 'Add to calendar (.ics)' }).getAttribute('href')).toBe(model.calendarUrl);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(jsonLd['@type']).toBe('Course');
    expect(await page.locator('main').innerText()).toContain('£45.00');
    await check(page, `opportunity-${viewport}`);
  });
});

describe('the search page limited to a badge class (the link from its "earn this badge" page)', () => {
  it('says so, keeps the filter when the form is sent again, and has a link that removes it', async () => {
    const base = searchModel(pages.city, pages.server.origin);
    const model = { ...base, values: { ...base.values, badgeClass: 'aaaaaaaaaaaaaaaa' }, scopeNames: { badgeClass: 'Web Designer (Explorer)' } };
    const page = await open('/search-badge-class', renderSearchPage(model), 'mobile');
    const form = page.locator('form[role=search]');
    await expect(form.innerText()).resolves.toContain('Only opportunities that award Web Designer (Explorer).');
    expect(await form.getByRole('link', { name: 'Web Designer (Explorer)' }).getAttribute('href')).toBe(`${pages.city.baseUrl}/badge-classes/aaaaaaaaaaaaaaaa`);
    // Removing the filter keeps every other one, and starts again from the first page.
    const removed = new URL((await form.getByRole('link', { name: 'Remove the badge filter' }).getAttribute('href'))!);
    expect(removed.searchParams.has('badgeClass')).toBe(false);
    expect(removed.searchParams.get('q')).toBe('code');
    expect(removed.searchParams.getAll('kind')).toEqual(['activity', 'course']);
    await checkPage(page, 'portal-search-badge-class-mobile');

    // Sent again with another word, the search is still the badge class's.
    const again = await open('/search-badge-class-again', renderSearchPage(model), 'desktop');
    await again.getByLabel('Words').fill('robots');
    const [request] = await Promise.all([again.waitForRequest((r) => r.url().includes('/opportunities?')), again.getByRole('button', { name: 'Search' }).click()]);
    const sent = new URL(request.url()).searchParams;
    expect(sent.get('badgeClass')).toBe('aaaaaaaaaaaaaaaa');
    expect(sent.get('q')).toBe('robots');
    await again.context().close();
  });
});

describe('the search page map, JavaScript on', () => {
  it('draws a pin for each result with a place, with the city’s Leaflet and no base map when no tiles are configured', async () => {
    const page = await open('/map-plain', renderSearchPage(searchModel(pages.city, pages.server.origin)), 'desktop', true);
    await page.locator('.leaflet-container').waitFor();
    const placed = sampleOpportunities().filter((o) => o.place.venue).length;
    await expect(page.locator('path.leaflet-interactive').count()).resolves.toBe(placed);
    await expect(page.locator('.leaflet-tile').count()).resolves.toBe(0);
    await check(page, 'search-map-desktop');
  });

  it('adds the configured tiles with their attribution', async () => {
    const tiles = { tilesUrl: `${pages.server.origin}/tiles/{z}/{x}/{y}.png`, attribution: 'Tiles © Demo Mapping' };
    const page = await open('/map-tiles', renderSearchPage(searchModel(pages.city, pages.server.origin, tiles)), 'mobile', true);
    await page.locator('.leaflet-container').waitFor();
    expect(await page.locator('.leaflet-control-attribution').innerText()).toContain('Tiles © Demo Mapping');
    expect(await page.locator('img.leaflet-tile').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});

// The badge page in a real browser with JavaScript off, on a phone, at 320 px and on a desktop: what a
// visitor sees (the learner's own words and evidence, what next), whether it fits the screen, axe-core
// finding no WCAG 2.2 A/AA violation, and screenshots in test-results/ to look at.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BadgePageModel, renderBadgePage } from '../../functions/domain/pages/badge-page';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { badgeModel, city } from '../unit/pages/fixtures';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { startStaticServer, type StaticServer } from './static-server';
import { expectNoHorizontalScroll } from './viewports';

const SCREENSHOTS = new URL('../../test-results/', import.meta.url);
const VIEWPORTS = {
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  narrow: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startStaticServer();
  const { primaryColour, secondaryColour } = city.branding;
  server.documents.set('/badge.svg', {
    contentType: 'image/svg+xml',
    body: renderDefaultBadgeSvg({ name: 'Community Gardening', primaryColour, secondaryColour, label: 'Green skills' }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Serves the page for the model, with the badge image from the test server, and opens it without JavaScript. */
async function openBadgePage(path: string, model: BadgePageModel, viewport: keyof typeof VIEWPORTS): Promise<Page> {
  const served = { ...model, badge: { ...model.badge, imageUrl: `${server.origin}/badge.svg` } };
  server.documents.set(path, { contentType: 'text/html; charset=utf-8', body: renderBadgePage(served) });
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${server.origin}${path}`);
  expect(response?.status()).toBe(200);
  return page;
}

const screenshot = (page: Page, name: string) => page.screenshot({ path: new URL(`badge-page-${name}.png`, SCREENSHOTS).pathname, fullPage: true });

/** axe-core over the same URL at the same size, where it may run (it needs timers, which a JavaScript-off page never fires). */
async function expectNoAxeViolations(page: Page) {
  const context = await browser.newContext({ viewport: page.viewportSize()!, javaScriptEnabled: true });
  const audited = await context.newPage();
  await audited.goto(page.url());
  expect(await axeViolations(audited)).toEqual([]);
  await context.close();
}

describe.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])('badge page on %s, JavaScript off', (viewport) => {
  it('shows the badge, its verification, its download and its skills', async () => {
    const model = { ...badgeModel(), pathways: [{ name: 'Green Futures', url: 'https://learn.demo.example/pathways/aaaaaaaaaaaaaaaaaaaa' }] };
    const page = await openBadgePage(`/valid-${viewport}`, model, viewport);
    await expect(page.getByRole('heading', { name: 'Pathways', level: 2 }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Green Futures' }).count()).resolves.toBe(1);

    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Community Gardening']);
    expect(await page.locator('.status').innerText()).toContain('Verified: issued by Green Streets Trust to the holder of this badge.');
    const image = page.locator('.hero img');
    expect(await image.getAttribute('alt')).toBe('Community Gardening badge');
    const loaded = await image.evaluate((element) => {
      const img = element as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth > 0;
    });
    expect(loaded).toBe(true);

    const download = page.getByRole('link', { name: 'Download baked badge' });
    expect(await download.getAttribute('href')).toBe(model.badge.downloadUrl);
    expect(await download.getAttribute('download')).toBe('');
    for (const skill of model.badge.skills) {
      expect(await page.getByRole('link', { name: skill.name, exact: true }).getAttribute('href')).toBe(skill.url);
    }
    await expect(page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).resolves.toBe(1);
    await expect(page.locator('script').count()).resolves.toBe(0);

    // The learner's own words and work.
    const story = await page.locator('section[aria-labelledby="evidence"]').innerText();
    expect(story).toContain(model.badge.narrative);
    expect(story).toContain('Garden diary');
    // What next, nearest first, each a link to its page.
    const next = page.locator('section[aria-labelledby="what-next"]');
    expect(await next.locator('h3').allInnerTexts()).toEqual(model.next.opportunities.map((o) => (o.status === 'full' ? `${o.title}Full` : o.title)));
    expect(await next.getByRole('link', { name: 'Lead a growing club' }).getAttribute('href')).toBe(model.next.opportunities[0]!.url);
    expect(await next.innerText()).toContain('1.2 km away');
    // Share previews get the PNG.
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(model.badge.shareImageUrl);

    await expectNoHorizontalScroll(page);
    await screenshot(page, viewport);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('shows a revoked badge in words, without the LinkedIn link, even with a reason too long for the screen', async () => {
    const reason = `Issued in error to the wrong cohort; see ${'https://greenstreets.example/notices/'.padEnd(160, 'x')}`;
    const page = await openBadgePage(`/revoked-${viewport}`, badgeModel({ status: { state: 'revoked', reason } }), viewport);

    const status = await page.locator('.status').innerText();
    expect(status).toContain('Revoked: Green Streets Trust has revoked this badge, so it is no longer valid.');
    expect(status).toContain(`Reason given: ${reason}`);
    await expect(page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).resolves.toBe(0);

    await expectNoHorizontalScroll(page);
    await screenshot(page, `revoked-${viewport}`);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});

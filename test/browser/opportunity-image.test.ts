// An opportunity's page with its picture, in a real browser with JavaScript off, at 320 px and on a
// desktop: the picture fits the screen (no sideways scroll), loads, and axe-core finds no WCAG 2.2
// A/AA violation (the picture is decorative: the title beside it says what the opportunity is).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageCity } from '../../functions/domain/pages/layout';
import { renderOpportunityPage } from '../../functions/domain/pages/opportunity-page';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { opportunityModel } from '../support/portal-fixtures';
import { city as fixtureCity } from '../unit/pages/fixtures';
import { startStaticServer, type StaticServer } from './static-server';
import { expectNoHorizontalScroll, screenshotPath, VIEWPORTS as SHARED } from './viewports';

const VIEWPORTS = { narrow: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, desktop: SHARED.desktop } as const;

let server: StaticServer;
let browser: Browser;
let city: PageCity;

beforeAll(async () => {
  server = await startStaticServer();
  city = { ...fixtureCity, baseUrl: server.origin };
  // A wide picture, as providers upload them.
  server.documents.set('/picture.svg', {
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 900" width="1600" height="900"><rect width="1600" height="900" fill="#1b4f72"/><circle cx="800" cy="450" r="300" fill="#f39c12"/></svg>',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])('an opportunity page with a picture on %s', (viewport) => {
  it('shows the picture within the screen, and passes axe', async () => {
    server.documents.set(`/with-picture-${viewport}`, { contentType: 'text/html; charset=utf-8', body: renderOpportunityPage({ ...opportunityModel(city), imageUrl: `${server.origin}/picture.svg` }) });
    const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: false });
    const page: Page = await context.newPage();
    expect((await page.goto(`${server.origin}/with-picture-${viewport}`))?.status()).toBe(200);
    const picture = page.locator('img.opportunity-image');
    const box = await picture.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.width).toBeLessThanOrEqual(VIEWPORTS[viewport].viewport.width);
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath(`opportunity-picture-${viewport}`), fullPage: true });
    await context.close();
    const audit = await browser.newContext({ viewport: VIEWPORTS[viewport].viewport, javaScriptEnabled: true });
    const audited = await audit.newPage();
    await audited.goto(`${server.origin}/with-picture-${viewport}`);
    expect(await axeViolations(audited)).toEqual([]);
    await audit.close();
  });
});

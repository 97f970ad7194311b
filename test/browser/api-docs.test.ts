// The API reference (/docs) in a real browser with JavaScript off, on a phone (390 px) and a desktop:
// an example request and answer under every route, tables that read on a phone (rows stack instead of
// squeezing words into letter-wide columns), no sideways scrolling, and axe-core (WCAG 2.2 AA) finding
// nothing. Screenshots in test-results/ to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderApiDocsPage } from '../../functions/openapi/docs-page';
import { openApiDocument } from '../../functions/openapi/document';
import { routes } from '../../definitions/routes';
import { city } from '../unit/pages/fixtures';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { startStaticServer, type StaticServer } from './static-server';
import { expectNoHorizontalScroll, screenshotPath, VIEWPORTS, type ViewportName } from './viewports';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startStaticServer();
  const document = openApiDocument(city);
  server.documents.set('/docs', {
    contentType: 'text/html; charset=utf-8',
    body: renderApiDocsPage({ city, document, url: `${city.baseUrl}/docs`, documentUrl: `${city.baseUrl}/openapi.json` }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport: ViewportName, javaScriptEnabled = false): Promise<Page> {
  // The page's own CSP allows no script; axe's is ours, so only its run bypasses it.
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled, bypassCSP: javaScriptEnabled });
  const page = await context.newPage();
  expect((await page.goto(`${server.origin}/docs`))?.status()).toBe(200);
  return page;
}

// Run in the page; the project compiles without the DOM library, hence the shapes spelled out.
interface Box {
  getBoundingClientRect(): { width: number };
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('the API reference on %s', (viewport) => {
  it('shows an example request and answer under every route, without sideways scrolling', async () => {
    const page = await open(viewport);
    const sections = page.locator('section.operation[id]:has(h3 .method)');
    expect(await sections.count()).toBe(routes.length);
    for (const section of await sections.all()) {
      const title = await section.locator('h3').innerText();
      expect(await section.locator('pre.example').first().innerText(), title).toMatch(/^curl -X [A-Z]+ '/);
      expect(await section.getByText(/^Example answer: |^Answers \d{3} with the/).count(), title).toBeGreaterThan(0);
    }
    await expectNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath(`api-docs-${viewport}`) });
    await page.locator('#postBadgeClassesByBadgeClassIdAwards').screenshot({ path: screenshotPath(`api-docs-${viewport}-award`) });
  });

  it('gives every table cell room for whole words', async () => {
    const page = await open(viewport);
    const narrowest = await page.locator('.table-wrap table').evaluateAll((tables) =>
      Math.min(
        ...tables.flatMap((table) => {
          const width = (table as unknown as Box).getBoundingClientRect().width;
          const cells = (table as unknown as { querySelectorAll(s: string): Box[] }).querySelectorAll('tbody td:nth-child(3)');
          return [...cells].map((cell) => cell.getBoundingClientRect().width / width);
        }),
      ),
    );
    // Stacked on a phone: each cell as wide as the table. On a desktop, the type column keeps a share.
    expect(narrowest).toBeGreaterThan(viewport === 'desktop' ? 0.2 : 0.9);
  });

  it('has no accessibility violations (axe-core, WCAG 2.2 AA)', async () => {
    // axe runs as a script; the page itself has none.
    const page = await open(viewport, true);
    expect(await axeViolations(page)).toEqual([]);
  });
});

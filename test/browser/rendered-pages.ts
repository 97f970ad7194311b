// Rendered pages in a real browser, the way a visitor loads them: a static server on a real origin (the
// city's links and images point at it, as they point at the city's own), and Chromium. Call
// `renderedPages()` at a test file's top level: it starts both before the file's tests and stops them
// after; `open` serves a rendered page and opens it in a fresh context at one of the shared viewports.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PageCity } from '../../functions/domain/pages/layout';
import { launchChromium } from '../support/chromium';
import { city as fixtureCity } from '../unit/pages/fixtures';
import { startStaticServer, type StaticServer } from './static-server';
import { VIEWPORTS, type ViewportName } from './viewports';

export interface RenderedPages {
  readonly server: StaticServer;
  /** The fixture city, its base URL the server's origin. */
  readonly city: PageCity;
  /** Serves `body` as HTML at `path` and opens it (JavaScript off unless asked: what every visitor gets). */
  open(path: string, body: string, viewport: ViewportName, javaScriptEnabled?: boolean): Promise<Page>;
}

/** `serve` adds what the pages load (images, assets) once the server's origin is known. */
export function renderedPages(serve?: (server: StaticServer, city: PageCity) => void): RenderedPages {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let city: PageCity | undefined;
  beforeAll(async () => {
    server = await startStaticServer();
    city = { ...fixtureCity, baseUrl: server.origin };
    serve?.(server, city);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('renderedPages: used before its beforeAll ran');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get city() {
      return started(city);
    },
    async open(path, body, viewport, javaScriptEnabled = false) {
      started(server).documents.set(path, { contentType: 'text/html; charset=utf-8', body });
      const context = await started(browser).newContext({ ...VIEWPORTS[viewport], javaScriptEnabled });
      const page = await context.newPage();
      expect((await page.goto(`${started(server).origin}${path}`))?.status()).toBe(200);
      return page;
    },
  };
}

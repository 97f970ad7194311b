// The screens pages are checked on (the narrowest phone at 320 px, a common phone at 390 px, a desktop), and where screenshots go to be looked at.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import { axeViolations } from '../support/axe';

export const VIEWPORTS = {
  narrow: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

const SCREENSHOTS = new URL('../../test-results/', import.meta.url);

/** The path of a screenshot file in test-results/ (created on first use). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return new URL(`${name}.png`, SCREENSHOTS).pathname;
}

/** The page fits its viewport: nothing scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  // Runs in the page; the project compiles without the DOM library, hence the shape spelled out.
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } }; innerWidth: number };
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth };
  });
  // A phone (isMobile) zooms out to fit content wider than the screen, which widens innerWidth with
  // it: the screen's own width is the bound.
  expect(scrollWidth).toBeLessThanOrEqual(Math.min(innerWidth, page.viewportSize()?.width ?? innerWidth));
}

/**
 * What every page passes, as it is: no sideways scroll, a screenshot to look at, and axe-core with
 * nothing to report (axeViolations audits a JavaScript-off page in a JavaScript-on copy).
 */
export async function auditPage(page: Page, screenshot: string) {
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
  expect(await axeViolations(page), screenshot).toEqual([]);
}

/** auditPage, then the page's context is closed (a page opened for the check alone). */
export async function checkPage(page: Page, screenshot: string) {
  await auditPage(page, screenshot);
  await page.context().close();
}

// The screens pages are checked on (a phone at 390 px, a desktop), and where screenshots go to be looked at.
import { mkdirSync } from 'node:fs';

export const VIEWPORTS = {
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

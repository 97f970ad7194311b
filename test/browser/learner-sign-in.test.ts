// Signing in as a learner in a real browser, on a local city of its own (`npm start`'s entry point, on
// free ports): the city's Sign in → the local provider's email step → the code read from the local
// mailbox → the first question → the account and the passport; and an under-13 who names a guardian,
// whose consent (from the link in their mail) opens the account. Every page at 320 px and on a
// desktop: axe-core finds no WCAG 2.2 A/AA violation and nothing scrolls sideways. Screenshots in
// test-results/ (learner-*.png).
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { codeIn, linkIn, waitForMail } from '../support/mailbox';
import { expectNoHorizontalScroll, screenshotPath, VIEWPORTS } from './viewports';

const NARROW = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SCREENS = { narrow: NARROW, desktop: VIEWPORTS.desktop } as const;

let city: CityProcess;
let dataDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  city = await runCityProcess({ dataDir });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await city?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function check(page: Page, name: string) {
  expect(await axeViolations(page), `${name}: axe`).toEqual([]);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** Signs in through the browser; checks the provider's two pages on the way. */
async function signIn(page: Page, email: string, screen: keyof typeof SCREENS) {
  const since = Math.floor(Date.now() / 1000) - 1;
  await page.goto(`${city.url}/sign-in`);
  await expect.poll(() => page.locator('h1').textContent()).toContain('Sign in');
  await check(page, `learner-sign-in-email-${screen}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('Check your email');
  await check(page, `learner-sign-in-code-${screen}`);
  const code = codeIn(await waitForMail(city.mailboxUrl, email, { since, subject: /sign-in code/i }));
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${city.url}/account`);
}

describe('a learner signs in with a code from the mailbox', { timeout: 180_000 }, () => {
  it.each(Object.keys(SCREENS) as (keyof typeof SCREENS)[])('on %s: sign in, age band, account, passport, sign out', async (screen) => {
    const context = await browser.newContext({ ...SCREENS[screen], javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, `browser-${screen}-${Date.now()}@example.org`, screen);
    await check(page, `learner-age-band-${screen}`);
    await page.getByLabel('16 or 17').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${city.url}/account`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your account');
    // Under 18: everything starts off.
    for (const label of ['Let me make a public page of my badges', 'Suggest opportunities from my badges', 'Send me reminders and tips by email']) {
      expect(await page.getByLabel(label).isChecked(), label).toBe(false);
    }
    await check(page, `learner-account-${screen}`);
    await page.goto(`${city.url}/passport`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your learning passport');
    await check(page, `learner-passport-${screen}`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${city.url}/`);
    const again = await page.goto(`${city.url}/passport`);
    expect(new URL(again!.url()).pathname).not.toBe('/passport');
  });
});

describe('an under-13 signs up, and a guardian consents', { timeout: 180_000 }, () => {
  it('waits for the guardian, whose link opens the account', async () => {
    const context = await browser.newContext({ ...NARROW, javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    const guardian = `guardian-${Date.now()}@example.org`;
    await signIn(page, `child-${Date.now()}@example.org`, 'narrow');
    const since = Math.floor(Date.now() / 1000) - 1;
    await page.getByLabel('Under 13', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    // No guardian yet: the field says what is missing.
    await expect.poll(() => page.locator('.error').first().textContent()).toContain('parent or guardian');
    await check(page, 'learner-under-13-missing-guardian');
    await page.getByLabel('Under 13', { exact: true }).check();
    await page.getByLabel(/parent’s or guardian’s email/).fill(guardian);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Nearly there');
    await check(page, 'learner-under-13-waiting');
    // The account does nothing yet.
    await page.goto(`${city.url}/passport`);
    expect(new URL(page.url()).pathname).toBe('/account');

    const guardianPage = await (await browser.newContext({ ...VIEWPORTS.desktop, javaScriptEnabled: false })).newPage();
    const link = linkIn(await waitForMail(city.mailboxUrl, guardian, { since, subject: /asked to join/ }), '/guardian');
    await guardianPage.goto(link);
    await check(guardianPage, 'learner-guardian-consent');
    await guardianPage.getByRole('button', { name: 'I agree' }).click();
    await expect.poll(() => guardianPage.locator('h1').textContent()).toBe('Thank you');
    // The link worked once.
    await guardianPage.goto(link);
    await expect.poll(() => guardianPage.locator('h1').textContent()).toBe('This link no longer works');
    await guardianPage.context().close();

    await page.goto(`${city.url}/passport`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your learning passport');
  });
});

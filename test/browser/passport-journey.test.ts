// The whole path of a learner, in a real browser on a local city: a provider awards a badge by API →
// the learner's email arrives in the local mailbox → its "add to your passport" link sends them to sign
// in with a code from the mailbox → the badge is in the passport (skills chart and table) → they share
// it → the public profile shows it to a stranger → they delete their account → the profile is gone and
// the passport asks to sign in. Every page of the passport is checked with axe-core (WCAG 2.2 A/AA) at
// 320 px and on a desktop, nothing scrolls sideways, and screenshots go to test-results/.
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { codeIn, linkIn, waitForMail } from '../support/mailbox';
import { expectNoHorizontalScroll, screenshotPath } from './viewports';

const dataDir = tempDataDir();
const EMAIL = `journey-${Date.now()}@example.org`;
const SIZES = { narrow: { width: 320, height: 720 }, desktop: { width: 1280, height: 900 } } as const;

let city: CityProcess;
let browser: Browser;
let providerKey: string;
let learner: BrowserContext;
let page: Page;

const epoch = () => Math.floor(Date.now() / 1000) - 1;

/** axe finds nothing, nothing scrolls sideways, at 320 px and on a desktop; a screenshot of each. */
async function checkPage(target: Page, name: string) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await target.setViewportSize(viewport);
    await expectNoHorizontalScroll(target);
    await target.screenshot({ path: screenshotPath(`passport-${name}-${size}`), fullPage: true });
    expect(await axeViolations(target), `${name} at ${size}`).toEqual([]);
  }
}

beforeAll(async () => {
  city = await runCityProcess({ dataDir });
  providerKey = new RegExp('^\\s+Provider central-library\\s+(col_\\S+)$', 'm').exec(city.output())![1]!;
  browser = await launchChromium();
  learner = await browser.newContext({ viewport: SIZES.desktop });
  page = await learner.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  const code = await city?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe('a learner’s passport, from the award email to deleting the account', { timeout: 240_000 }, () => {
  let addLink: string;
  let profileUrl: string;
  // The city as its own links name it (its public base URL): forms must come from that origin.
  const site = () => new URL(addLink).origin;

  it('a provider awards a badge by API, and the learner’s email arrives', async () => {
    const api = (path: string, body: unknown) =>
      fetch(`${city.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await api('/badge-classes', { name: 'Game maker', description: 'Made and shared a game.', criteria: { narrative: 'One game.' }, alignments: [{ skillId: 'coding', level: 'explorer' }] });
    expect(created.status).toBe(201);
    const classId = ((await created.json()) as { id: string }).id;
    const since = epoch();
    const awarded = await api(`/badge-classes/${classId}/awards`, { recipient: { email: EMAIL } });
    expect(awarded.status).toBe(201);
    const mail = await waitForMail(city.mailboxUrl, EMAIL, { since, subject: /You have earned a badge: Game maker/, timeoutMs: 60_000 });
    expect(mail.text).toContain('Central Library');
    addLink = linkIn(mail, '/passport/add');
    expect(linkIn(mail, '/unsubscribe')).toContain('token=');
  });

  it('the email’s link asks them to sign in with a code, then to add the badge', async () => {
    await page.goto(addLink);
    await page.getByLabel('Email address').fill(EMAIL);
    const since = epoch();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    const code = codeIn(await waitForMail(city.mailboxUrl, EMAIL, { since, subject: /sign-in code/i, timeoutMs: 60_000 }));
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A new passport asks for an age band first (on the account page), then the link again.
    if (!new URL(page.url()).pathname.startsWith('/passport/add')) await page.goto(`${site()}/account`);
    if (await page.getByRole('radio', { name: '18 to 24' }).count()) {
      await page.getByRole('radio', { name: '18 to 24' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.screenshot({ path: screenshotPath('passport-after-age-band'), fullPage: true });
    }
    if (!new URL(page.url()).pathname.startsWith('/passport/add')) await page.goto(addLink);
    expect(await page.locator('h1').allInnerTexts(), `at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 300)}`).toEqual(['Add this badge to your passport?']);
    await checkPage(page, 'add');
    await page.getByRole('button', { name: 'Add to my passport' }).click();
    expect(new URL(page.url()).pathname).toBe('/passport/badges');
    await expect(page.getByRole('link', { name: 'Game maker' }).count()).resolves.toBe(1);
    await checkPage(page, 'badges');
  });

  it('the passport shows the badge and the skill it shows, as a chart and a table', async () => {
    await page.goto(`${site()}/passport`);
    await expect(page.getByRole('link', { name: 'Game maker' }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /Your skills/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('table', { name: /Your skills/ }).getByRole('rowheader', { name: 'Coding' }).count()).resolves.toBe(1);
    await checkPage(page, 'passport');
  });

  it('they share it, and a stranger sees it at the profile’s unguessable URL', async () => {
    await page.getByRole('checkbox', { name: 'Game maker' }).check();
    await page.getByLabel(/A name to show/).fill('Sam');
    await page.getByRole('checkbox', { name: /Allow a public profile/ }).check();
    await page.getByRole('button', { name: 'Share these badges' }).click();
    profileUrl = (await page.getByRole('link', { name: /\/profiles\// }).getAttribute('href'))!;
    expect(profileUrl).toMatch(/\/profiles\/[a-z2-7]{26}$/);
    await checkPage(page, 'shared');
    const stranger = await (await browser.newContext({ viewport: SIZES.desktop })).newPage();
    const response = await stranger.goto(profileUrl);
    expect(response?.status()).toBe(200);
    await expect(stranger.getByRole('heading', { name: 'Sam’s badges' }).count()).resolves.toBe(1);
    await expect(stranger.getByRole('link', { name: 'Game maker' }).count()).resolves.toBe(1);
    await checkPage(stranger, 'profile');
    await stranger.context().close();
  });

  it('they delete their account: the profile and the passport are gone', async () => {
    await page.goto(`${site()}/account`);
    await page.getByRole('checkbox', { name: 'Yes, delete my account' }).check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    const stranger = await browser.newContext();
    expect((await (await stranger.newPage()).goto(profileUrl))?.status()).toBe(404);
    await stranger.close();
    const after = await page.goto(`${site()}/passport`);
    expect(new URL(after!.url()).pathname).not.toBe('/passport');
  });
});

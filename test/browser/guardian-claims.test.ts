// Claim codes and a child under 13, in a real browser on a local city of its own: the child (waiting
// for their guardian's consent) claims a badge and sees "Saved for you"; the guardian's link lists
// that saved badge (which badge, from whom, at which event, when); the guardian, signed in with the
// address the child gave, claims a code meant for guardians and picks the child, and the guardian's
// view then lists that badge too, claimed by them. Each page at 320 px and on a desktop: axe-core
// finds no violation and nothing scrolls sideways. Screenshots in test-results/ (guardian-claims-*.png).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';
import { launchChromium } from '../support/chromium';
import { codeIn, linkIn, waitForMail } from '../support/mailbox';
import { auditPage, VIEWPORTS } from './viewports';

let city: CityProcess;
let dataDir: string;
let browser: Browser;
let providerKey: string;
const contexts: BrowserContext[] = [];
const unique = () => randomBytes(4).toString('hex');

beforeAll(async () => {
  dataDir = tempDataDir();
  city = await runCityProcess({ dataDir });
  providerKey = /^\s+Provider central-library\s+(col_\S+)$/m.exec(city.output())![1]!;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await city?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = async (path: string, body: unknown) => {
  const response = await fetch(`${city.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, path).toBe(201);
  return (await response.json()) as Record<string, any>;
};

/** A page at 320 px, then the same page on a desktop's width. */
async function audit(page: Page, name: string) {
  await page.setViewportSize(VIEWPORTS.narrow.viewport);
  await auditPage(page, `guardian-claims-${name}-narrow`);
  await page.setViewportSize(VIEWPORTS.desktop.viewport);
  await auditPage(page, `guardian-claims-${name}-desktop`);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ ...VIEWPORTS.narrow, javaScriptEnabled: false });
  contexts.push(context);
  return context.newPage();
}

/** Signs in through the local provider with a code from the mailbox; lands on the account page. */
async function signIn(page: Page, email: string) {
  const since = Math.floor(Date.now() / 1000) - 1;
  await page.goto(`${city.url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toContain('Check your email');
  await page.getByLabel('Code').fill(codeIn(await waitForMail(city.mailboxUrl, email, { since, subject: /sign-in code/i })));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${city.url}/account`);
}

describe("a child's saved badges and the guardian's view", { timeout: 240_000 }, () => {
  it('saves a badge for a child waiting for consent, lists it for the guardian, and lets the guardian claim for the child', async () => {
    const badgeName = `Family fun day ${unique()}`;
    const badgeClass = await api('/badge-classes', { name: badgeName, description: 'Came to the family fun day at the library.', criteria: { narrative: 'Scanned the code.' } });
    const guardiansBadge = await api('/badge-classes', { name: `Story time ${unique()}`, description: 'Listened to stories with a grown-up.', criteria: { narrative: 'Came with a grown-up.' } });
    const [childCode] = (await api(`/badge-classes/${badgeClass.id}/claim-codes`, { kind: 'list', count: 1, label: 'Family fun day, Central Library', forGuardians: false })).claimCodes.map((c: { code: string }) => c.code);
    const [guardianCode] = (await api(`/badge-classes/${guardiansBadge.id}/claim-codes`, { kind: 'list', count: 1, label: 'Story time for families', forGuardians: true })).claimCodes.map((c: { code: string }) => c.code);

    // The child, under 13, names a guardian and waits.
    const guardian = `guardian-${unique()}@example.org`;
    const child = await newPage();
    await signIn(child, `child-${unique()}@example.org`);
    const since = Math.floor(Date.now() / 1000) - 1;
    await child.getByLabel('Under 13', { exact: true }).check();
    await child.getByLabel(/parent’s or guardian’s email/).fill(guardian);
    await child.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => child.locator('h1').textContent()).toBe('Nearly there');

    // The child scans the code: saved, not given.
    await child.goto(`${city.url}/claim/${childCode}`);
    await child.getByRole('button', { name: 'Claim this badge' }).click();
    await expect.poll(() => child.locator('h1').textContent()).toBe('Saved for you');
    expect(await child.getByRole('status').textContent()).toContain('as soon as your parent or guardian agrees');
    await audit(child, 'saved-for-you');

    // The guardian's link lists it, in words a parent understands, and names no one.
    const link = linkIn(await waitForMail(city.mailboxUrl, guardian, { since, subject: /asked to join/ }), '/guardian');
    const view = await newPage();
    await view.goto(link);
    const saved = view.getByRole('region', { name: 'Badges saved for your child' });
    await expect.poll(() => saved.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${badgeName}, a badge from Central Library\\s*Event: Family fun day, Central Library\\. Saved on \\d{1,2} \\w+ \\d{4}, claimed by your child\\.$`))]);
    expect(await saved.textContent()).toContain('When you agree, these badges go into their passport');
    await audit(view, 'guardian-view');

    // The guardian signs in with the address the child gave and claims the guardians' code for the child.
    const parent = await newPage();
    await signIn(parent, guardian);
    await parent.getByLabel('25 or over').check();
    await parent.getByRole('button', { name: 'Continue' }).click();
    await parent.waitForURL(`${city.url}/account`);
    await parent.goto(`${city.url}/claim/${guardianCode}`);
    // The one child is chosen already; told apart by age band and start date, as no name is kept.
    const choice = parent.getByRole('group', { name: 'Claim for' }).getByRole('radio');
    expect(await choice.count()).toBe(1);
    expect(await choice.isChecked()).toBe(true);
    expect(await parent.locator('label[for^="child-"]').allTextContents()).toEqual([expect.stringMatching(/^Under 13, account started \d{1,2} \w+ \d{4}, waiting for your consent$/)]);
    await audit(parent, 'child-picker');
    await parent.getByRole('button', { name: 'Claim for my child' }).click();
    await expect.poll(() => parent.locator('h1').textContent()).toBe('Saved for your child');
    await audit(parent, 'saved-for-your-child');

    // The guardian's view (the same link: looking does not use it) now lists both, newest first.
    await view.goto(link);
    const items = await saved.getByRole('listitem').allTextContents();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^Story time \w+, a badge from Central Library\s*Event: Story time for families\. .*claimed by you\.$/);
    await view.getByRole('button', { name: 'I agree' }).click();
    await expect.poll(() => view.locator('h1').textContent()).toBe('Thank you');
  });
});

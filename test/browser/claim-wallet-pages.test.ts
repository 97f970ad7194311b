// The claim and wallet pages in a real browser, JavaScript off, at 320 px and on a desktop: the claim
// page for a visitor and for a signed-in learner, the result, the page to type a code, the printable
// sheet of QR codes (on screen and as printed) and the wallet offer. axe-core finds no WCAG 2.2 A/AA
// violation, nothing scrolls sideways, and each QR code decodes to its URL's text. Screenshots in test-results/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCodeOf, type ClaimSet } from '../../functions/domain/claim-codes';
import { renderClaimSheet } from '../../functions/domain/pages/claim-codes-print';
import { renderClaimPage, renderClaimResult, renderEnterCodePage, type ClaimBadge } from '../../functions/domain/pages/claim-page';
import { html } from '../../functions/domain/pages/html';
import type { PageCity } from '../../functions/domain/pages/layout';
import { renderWalletOffer, renderWalletStart } from '../../functions/domain/pages/wallet-page';
import { credentialOffer, credentialOfferUri } from '../../functions/domain/wallet/protocol';
import { launchChromium } from '../support/chromium';
import { city as fixtureCity } from '../unit/pages/fixtures';
import { startStaticServer, type StaticServer } from './static-server';
import { checkPage, screenshotPath, VIEWPORTS as SHARED } from './viewports';

const VIEWPORTS = { narrow: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, desktop: SHARED.desktop } as const;
type Viewport = keyof typeof VIEWPORTS;

let server: StaticServer;
let browser: Browser;
let city: PageCity;
const key = Buffer.alloc(32, 3);
const set: ClaimSet = { id: 'abcdefghijklmnop', badgeClassId: 'k7qzm3xwd2pbn4ra', issuerId: 'central-library', label: 'Saturday open day at the Central Library', kind: 'list', codes: 4, usesPerCode: 1, validUntil: '2030-03-02T18:00:00.000Z', forGuardians: false, createdAt: '2026-12-01T09:00:00.000Z' };
const codes = Array.from({ length: 4 }, (_, i) => claimCodeOf(key, set.id, i));
const badge = (): ClaimBadge => ({ name: 'Code Club: First Steps', description: 'Built and shared a first program at the library Code Club.', imageUrl: `${city.baseUrl}/badge.svg`, providerName: 'Central Library' });

beforeAll(async () => {
  server = await startStaticServer();
  city = { ...fixtureCity, baseUrl: server.origin };
  server.documents.set('/badge.svg', { contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#1b4f72"/></svg>' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, body: string, viewport: Viewport): Promise<Page> {
  server.documents.set(path, { contentType: 'text/html; charset=utf-8', body });
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: false });
  const page = await context.newPage();
  expect((await page.goto(`${server.origin}${path}`))?.status()).toBe(200);
  return page;
}

const check = (page: Page, name: string) => checkPage(page, `claims-${name}`);

describe.each(Object.keys(VIEWPORTS) as Viewport[])('claim and wallet pages on %s, JavaScript off', (viewport) => {
  it('claim page for a visitor: the badge, the event, and sign in to claim', async () => {
    const page = await open(`/claim-visitor-${viewport}`, renderClaimPage({ city, url: `${city.baseUrl}/claim/${codes[0]}`, badge: badge(), label: set.label, forGuardians: false, viewer: { kind: 'anonymous', signInUrl: `${city.baseUrl}/sign-in?next=%2Fclaim%2F${codes[0]}` } }), viewport);
    expect(await page.getByRole('link', { name: 'Sign in to claim' }).getAttribute('href')).toContain('/sign-in?next=');
    await check(page, `visitor-${viewport}`);
  });

  it('claim page for a learner: one button, a form with the CSRF token', async () => {
    const page = await open(`/claim-learner-${viewport}`, renderClaimPage({ city, url: `${city.baseUrl}/claim/${codes[0]}`, badge: badge(), label: set.label, forGuardians: false, viewer: { kind: 'signed-in', csrf: { name: 'csrf', value: 'token' } } }), viewport);
    expect(await page.locator('form').getAttribute('method')).toBe('post');
    await expect(page.getByRole('button', { name: 'Claim this badge' }).count()).resolves.toBe(1);
    await check(page, `learner-${viewport}`);
  });

  it('a used-up code says so; the result page leads to the badge and the wallet', async () => {
    const used = await open(`/claim-used-${viewport}`, renderClaimPage({ city, url: `${city.baseUrl}/claim/${codes[1]}`, badge: badge(), label: set.label, forGuardians: false, unavailable: 'This code has been used up', viewer: { kind: 'signed-in', csrf: { name: 'csrf', value: 'token' } } }), viewport);
    await expect(used.getByRole('status').innerText()).resolves.toContain('used up');
    await check(used, `used-${viewport}`);
    const result = await open(`/claim-result-${viewport}`, renderClaimResult({ city, badge: badge(), status: 'claimed', badgeUrl: `${city.baseUrl}/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7`, walletUrl: `${city.baseUrl}/wallet/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7` }), viewport);
    await expect(result.getByRole('link', { name: 'Add it to a digital wallet' }).count()).resolves.toBe(1);
    await check(result, `result-${viewport}`);
  });

  it('the page to type a code', async () => {
    const page = await open(`/claim-enter-${viewport}`, renderEnterCodePage({ city, url: `${city.baseUrl}/claim` }), viewport);
    expect(await page.locator('form').getAttribute('method')).toBe('get');
    await check(page, `enter-${viewport}`);
  });

  it('the printable sheet: a labelled QR code per code, the code in groups of four; printed, the cards only', async () => {
    const page = await open(`/sheet-${viewport}`, await renderClaimSheet({ city, set, badge: { name: badge().name, providerName: 'Central Library' }, codes }), viewport);
    await expect(page.locator('svg.qr').count()).resolves.toBe(4);
    await expect(page.getByRole('img', { name: /QR code 1 of 4/ }).count()).resolves.toBe(1);
    await expect(page.getByText(codes[0]!.match(/.{1,4}/g)!.join(' ')).count()).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isHidden()).toBe(true);
    await page.screenshot({ path: screenshotPath(`claims-sheet-print-${viewport}`), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await check(page, `sheet-${viewport}`);
  });

  it('the wallet pages: what will happen, then the offer as a QR code and a link', async () => {
    const badgeUrl = `${city.baseUrl}/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7`;
    const walletBadge = { name: badge().name, providerName: 'Central Library', imageUrl: badge().imageUrl, badgeUrl };
    const start = await open(`/wallet-start-${viewport}`, renderWalletStart({ city, url: `${city.baseUrl}/wallet/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7`, badge: walletBadge, csrf: html`<input type="hidden" name="csrf" value="token">` }), viewport);
    await expect(start.getByRole('button', { name: 'Show the QR code' }).count()).resolves.toBe(1);
    await check(start, `wallet-start-${viewport}`);
    const offerUri = credentialOfferUri(credentialOffer(city.baseUrl, 'SplxlOBeZQQYbYS6WxSbIAJuMn5Xw8qZr2cTnA7E4hs'));
    const offer = await open(`/wallet-offer-${viewport}`, await renderWalletOffer({ city, url: `${city.baseUrl}/wallet/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7`, badge: walletBadge, offerUri, validUntil: '2030-03-02T18:10:00.000Z', txCodeSent: false }), viewport);
    expect(await offer.getByRole('link', { name: 'Open in a wallet on this device' }).getAttribute('href')).toBe(offerUri);
    await expect(offer.getByRole('img', { name: /scan it with your wallet/ }).count()).resolves.toBe(1);
    await check(offer, `wallet-offer-${viewport}`);
  });
});

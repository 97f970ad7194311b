// Pages as the handlers answer them (htmlPage: status and security headers) in a real browser: the
// policy in the header lets the page render (its inline stylesheet, its images), blocks framing and any
// script markup that could slip in, and the valid, revoked and expired badge pages have no axe-core
// (WCAG 2.2 AA) violations. The revoked and expired pages say so and offer nothing to LinkedIn.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BadgePageModel, renderBadgePage } from '../../functions/domain/pages/badge-page';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { markSafe } from '../../functions/domain/pages/html';
import { renderDocument } from '../../functions/domain/pages/layout';
import { htmlPage } from '../../functions/http/reply';
import { axeViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { badgeModel, city } from '../unit/pages/fixtures';
import { startStaticServer, type StaticServer } from './static-server';

const SCREENSHOTS = new URL('../../test-results/', import.meta.url);

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startStaticServer();
  const { primaryColour, secondaryColour } = city.branding;
  server.documents.set('/badge.svg', { contentType: 'image/svg+xml', body: renderDefaultBadgeSvg({ name: 'Community Gardening', primaryColour, secondaryColour }) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Serves the page as htmlPage() answers it, so the browser enforces the handlers' own headers. */
function serve(path: string, markup: string, status = 200) {
  const reply = htmlPage(markup, { status });
  server.documents.set(path, { contentType: reply.headers['content-type']!, body: reply.body as string, status: reply.statusCode, headers: reply.headers });
}

const badgePage = (path: string, model: BadgePageModel, status = 200) =>
  serve(path, renderBadgePage({ ...model, badge: { ...model.badge, imageUrl: `${server.origin}/badge.svg` } }), status);

/** axe-core in the page: needs JavaScript, and bypassCSP so that the page's own policy lets axe in. */
async function axeIn(path: string) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.origin}${path}`);
  const violations = await axeViolations(page);
  await context.close();
  return violations;
}

async function open(path: string): Promise<{ page: Page; status: number | undefined; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const response = await page.goto(`${server.origin}${path}`);
  return { page, status: response?.status(), errors };
}

describe('pages under their Content-Security-Policy header', () => {
  it('render: the inline stylesheet applies and the badge image loads, with nothing refused', async () => {
    badgePage('/valid', badgeModel());
    const { page, status, errors } = await open('/valid');
    expect(status).toBe(200);
    const loaded = await page.locator('.hero img').evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth > 0);
    expect(loaded).toBe(true);
    const styled = await page.locator('body').evaluate((element) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { margin: string } }).getComputedStyle(element).margin);
    expect(styled).toBe('0px');
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it('run no script that slips into the markup, and cannot be framed by another page', async () => {
    serve('/injected', renderDocument({ city, title: 'x', description: 'x', url: `${server.origin}/injected`, head: markSafe(''), main: markSafe('<p id="p">before</p><script>document.getElementById("p").textContent = "ran"</script><img src="x" onerror="document.title = \'ran\'">') }));
    const { page, errors } = await open('/injected');
    expect(await page.locator('#p').innerText()).toBe('before');
    expect(await page.title()).not.toBe('ran');
    expect(errors.some((e) => /Content Security Policy/i.test(e))).toBe(true);
    await page.context().close();

    server.documents.set('/framer', { contentType: 'text/html', body: `<!doctype html><title>framer</title><iframe src="${server.origin}/valid"></iframe>` });
    const framer = await open('/framer');
    const frame = framer.page.frames().find((f) => f !== framer.page.mainFrame());
    // A blocked frame shows the browser's own error page: the badge page never renders inside another page.
    const framedBadge = frame ? await frame.getByText('Community Gardening').count().catch(() => 0) : 0;
    expect(framedBadge).toBe(0);
    expect(framer.errors.some((e) => /frame-ancestors|X-Frame-Options/i.test(e))).toBe(true);
    await framer.page.context().close();
  });
});

describe('badge pages for each state, with axe-core', () => {
  it.each([
    ['valid', badgeModel(), 200],
    ['revoked', badgeModel({ status: { state: 'revoked', reason: 'Awarded in error.' } }), 410],
    ['expired', badgeModel({ badge: { expires: '2026-03-31T00:00:00Z' }, status: { state: 'expired' } }), 200],
  ] as const)('the %s page has no WCAG 2.2 AA violations', async (state, model, status) => {
    badgePage(`/axe-${state}`, model as BadgePageModel, status);
    expect(await axeIn(`/axe-${state}`)).toEqual([]);
  });

  it('the revoked page answers 410 and says so; the expired page says since when; neither offers LinkedIn', async () => {
    badgePage('/revoked', badgeModel({ status: { state: 'revoked', reason: 'Awarded in error.' } }), 410);
    const revoked = await open('/revoked');
    expect(revoked.status).toBe(410);
    expect(await revoked.page.locator('.status').innerText()).toContain('Revoked: Green Streets Trust has revoked this badge');
    await expect(revoked.page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).resolves.toBe(0);

    badgePage('/expired', badgeModel({ badge: { expires: '2026-03-31T00:00:00Z' }, status: { state: 'expired' } }));
    const expired = await open('/expired');
    expect(await expired.page.locator('.status').innerText()).toContain('Expired on 31 March 2026');
    expect(await expired.page.locator('.hero .facts').innerText()).toContain('Expired on');
    await expect(expired.page.getByRole('link', { name: 'Add to LinkedIn profile' }).count()).resolves.toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await revoked.page.screenshot({ path: new URL('page-revoked.png', SCREENSHOTS).pathname, fullPage: true });
    await expired.page.screenshot({ path: new URL('page-expired.png', SCREENSHOTS).pathname, fullPage: true });
    await expired.page.context().close();
    await revoked.page.context().close();
  });
});

// The verify page in a real browser with JavaScript off, on a phone, at 320 px and on a desktop: the
// empty form, a result for each verdict (valid; revoked; not verifiable, with long reasons), and a
// mistake; nothing scrolls sideways, axe-core finds no WCAG 2.2 A/AA violation, screenshots in test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderVerifyPage, type VerifyPageModel } from '../../functions/domain/pages/verify-page';
import type { VerificationReport } from '../../functions/domain/verification';
import { renderedPages } from './rendered-pages';
import { checkPage, VIEWPORTS, type ViewportName } from './viewports';

const pages = renderedPages();

const badge = { name: 'Community Gardening', issuer: { id: 'https://learn.demo.example/issuers/green-streets/profile', name: 'Green Streets Trust' }, issuedOn: '2026-03-12T09:30:00Z', expires: '2028-03-12T00:00:00Z' };
const passed = (check: VerificationReport['checks'][number]['check'], detail: string) => ({ check, passed: true, detail });
const valid: VerificationReport = {
  format: 'ob3-credential',
  verified: true,
  badge,
  checks: [passed('format', 'an OpenBadgeCredential'), passed('signature', 'eddsa-rdfc-2022 by https://learn.demo.example/issuers/green-streets/profile#key-1'), passed('status', 'not revoked'), passed('expiry', 'expires 2028-03-12T00:00:00Z')],
};
const revoked: VerificationReport = {
  ...valid,
  format: 'ob2-hosted',
  verified: false,
  checks: [...valid.checks.slice(0, 2), { check: 'status', passed: false, detail: 'revoked: the issuer has marked it revoked (reason: Issued to the wrong cohort by mistake)' }],
};
const broken: VerificationReport = {
  format: 'ob3-credential',
  verified: false,
  badge,
  checks: [
    passed('format', 'an OpenBadgeCredential'),
    { check: 'signature', passed: false, detail: `the proof does not verify with ${'https://issuer.example/keys/'.padEnd(140, 'k')}` },
    { check: 'issuer', passed: false, detail: 'the issuer profile could not be read: https://issuer.example/profile answered HTTP 404' },
  ],
};

const MODELS: Record<string, Omit<VerifyPageModel, 'city'>> = {
  form: { maxImageBytes: 1024 * 1024 },
  valid: { maxImageBytes: 1024 * 1024, result: { verified: true, reports: [valid, { ...valid, format: 'ob2-hosted' }] } },
  revoked: { maxImageBytes: 1024 * 1024, result: { verified: false, reports: [revoked] } },
  broken: { maxImageBytes: 1024 * 1024, result: { verified: false, reports: [broken] }, given: { json: '{"@context":["https://www.w3.org/ns/credentials/v2"]}' } },
  mistake: { maxImageBytes: 1024 * 1024, problems: ['Give only one of them: the image, the link or the data.'], given: { url: 'https://example.org/a-very-long-link-to-a-badge-that-goes-on-and-on-and-on' } },
};

const open = (name: string, viewport: ViewportName): Promise<Page> =>
  pages.open(`/verify-${name}-${viewport}`, renderVerifyPage({ city: pages.city, ...MODELS[name]! }), viewport);

const check = (page: Page, name: string) => checkPage(page, `verify-${name}`);

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('the verify page on %s, JavaScript off', (viewport) => {
  it('is a form with a labelled field for each way to give a badge, posting multipart to /verify', async () => {
    const page = await open('form', viewport);
    const form = page.locator('form.verify-form');
    expect(await form.getAttribute('enctype')).toBe('multipart/form-data');
    expect(await form.getAttribute('method')).toBe('post');
    for (const label of ['The badge image (PNG or SVG)', 'Or the badge’s link', 'Or the badge’s data', 'Their email address (optional)']) {
      await expect(page.getByLabel(label).count(), label).resolves.toBe(1);
    }
    await check(page, `form-${viewport}`);
  });

  it('says in words that a badge is valid, with who issued what and when, for each badge in an image', async () => {
    const page = await open('valid', viewport);
    expect(await page.locator('h2', { hasText: 'Valid' }).count()).toBe(2);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Every check passed: this badge is genuine, and current.');
    expect(text).toContain('Green Streets Trust');
    expect(text).toContain('12 March 2026');
    await check(page, `valid-${viewport}`);
  });

  it('says a revoked badge is revoked, and why one is not verifiable, even with reasons too long for the screen', async () => {
    const page = await open('revoked', viewport);
    expect(await page.locator('main').innerText()).toContain('its issuer has revoked it');
    await check(page, `revoked-${viewport}`);
    const brokenPage = await open('broken', viewport);
    const text = await brokenPage.locator('main').innerText();
    expect(text).toContain('Not verifiable');
    expect(text).toContain('Its signature is the issuer’s: the proof does not verify');
    await check(brokenPage, `broken-${viewport}`);
  });

  it('says what to put right, with what was typed back in the form', async () => {
    const page = await open('mistake', viewport);
    expect(await page.getByRole('alert').innerText()).toContain('Give only one of them');
    expect(await page.getByLabel('Or the badge’s link').inputValue()).toBe(MODELS.mistake!.given!.url);
    await check(page, `mistake-${viewport}`);
  });
});

// The catalogue pages in a real browser with JavaScript off: the spine, a skill with what builds it
// level by level, a provider, and a badge class's "earn this badge" page, at a phone's width, at 320 px
// and on a desktop — axe-core finds no WCAG 2.2 A/AA violation, nothing scrolls sideways, the badge
// images load. Screenshots in test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderBadgeClassPage } from '../../functions/domain/pages/badge-class-page';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { renderProviderPage } from '../../functions/domain/pages/provider-page';
import { renderSkillPage } from '../../functions/domain/pages/skill-page';
import { renderSpinePage } from '../../functions/domain/pages/spine-page';
import { badgeClassModel, providerModel, skillModel, spineModel } from '../support/catalogue-fixtures';
import { renderedPages } from './rendered-pages';
import { checkPage, VIEWPORTS, type ViewportName } from './viewports';

let badgeImage: string;
const pages = renderedPages((server, city) => {
  badgeImage = `${server.origin}/badge.svg`;
  const { primaryColour, secondaryColour } = city.branding;
  server.documents.set('/badge.svg', { contentType: 'image/svg+xml', body: renderDefaultBadgeSvg({ name: 'Code Club', primaryColour, secondaryColour, label: city.branding.displayName }) });
});
const open = pages.open;

/** Every image on the page has loaded and drawn (none broken). */
async function expectImagesLoaded(page: Page) {
  const broken = await page.locator('img').evaluateAll((images) =>
    images.filter((img) => !(img as unknown as { complete: boolean; naturalWidth: number }).complete || (img as unknown as { naturalWidth: number }).naturalWidth === 0).length,
  );
  expect(broken).toBe(0);
}

const check = (page: Page, name: string) => checkPage(page, `catalogue-${name}`);

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('catalogue pages on %s, JavaScript off', { timeout: 60_000 }, (viewport) => {
  it('the spine: its levels, and its groups with their skills, each linking its page', async () => {
    const model = spineModel(pages.city);
    const page = await open(`/skills-${viewport}`, renderSpinePage(model), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual([model.name]);
    for (const group of model.groups) await expect(page.getByRole('heading', { name: group.name, level: 2 }).count()).resolves.toBe(1);
    expect(await page.getByRole('link', { name: 'Coding', exact: true }).getAttribute('href')).toBe(`${pages.city.baseUrl}/skills/coding`);
    await check(page, `spine-${viewport}`);
  });

  it('a skill: each level with the opportunities and badges that build it there, then those for any level', async () => {
    const model = skillModel(pages.city, badgeImage);
    const page = await open(`/skill-${viewport}`, renderSkillPage(model), viewport);
    const explorer = page.locator('.rung').nth(0);
    await expect(explorer.locator('.compact li').count()).resolves.toBe(4);
    expect(await explorer.getByRole('link', { name: '1 more, among every opportunity building Coding' }).getAttribute('href')).toBe(`${pages.city.baseUrl}/opportunities?skill=coding`);
    expect(await explorer.locator('.tile').innerText()).toContain('Code Club: First Steps');
    expect(await page.locator('.rung').nth(1).locator('.compact').innerText()).toContain('Introduction to web design');
    expect(await page.locator('.rung').nth(2).innerText()).toContain('No opportunity lists this level just now.');
    const any = page.locator('section', { has: page.getByRole('heading', { name: 'At any level' }) });
    expect(await any.innerText()).toContain('Junior developer apprenticeship');
    expect(await any.innerText()).toContain('Engineering Explorer');
    await expectImagesLoaded(page);
    await check(page, `skill-${viewport}`);
  });

  it('a provider: about, contact, what is coming up, its badges', async () => {
    const model = providerModel(pages.city, badgeImage);
    const page = await open(`/provider-${viewport}`, renderProviderPage(model), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Central Library']);
    for (const heading of ['Coming up', 'Badges Central Library awards']) await expect(page.getByRole('heading', { name: heading, level: 2 }).count()).resolves.toBe(1);
    await expect(page.locator('.compact li').count()).resolves.toBe(3);
    expect(await page.getByRole('link', { name: 'Everything Central Library offers' }).getAttribute('href')).toBe(model.searchUrl);
    expect(await page.getByRole('link', { name: 'Web Designer' }).getAttribute('href')).toBe(`${pages.city.baseUrl}/badge-classes/bbbbbbbbbbbbbbbb`);
    await expectImagesLoaded(page);
    await check(page, `provider-${viewport}`);
  });

  it('a badge class: image, criteria, skills at their levels, who awards it, where and when to earn it', async () => {
    const model = badgeClassModel(pages.city, badgeImage);
    const page = await open(`/badge-class-${viewport}`, renderBadgeClassPage(model), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Code Club: First Steps']);
    for (const heading of ['Where and when to earn it', 'How to earn it', 'Skills it shows']) await expect(page.getByRole('heading', { name: heading, level: 2 }).count()).resolves.toBe(1);
    expect(await page.locator('.hero').innerText()).toContain('2 years after it is awarded');
    await expect(page.locator('.result').count()).resolves.toBe(2);
    expect(await page.getByRole('link', { name: 'Coding' }).getAttribute('href')).toBe(`${pages.city.baseUrl}/skills/coding`);
    expect(await page.getByRole('link', { name: 'Every opportunity that awards it' }).getAttribute('href')).toBe(model.searchUrl);
    await expectImagesLoaded(page);
    await check(page, `badge-class-${viewport}`);
  });
});

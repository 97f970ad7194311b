// The pathway page and the pathways page in a real browser, JavaScript off, at a phone's width, at
// 320 px and on a desktop: axe-core finds no WCAG 2.2 A/AA violation, nothing scrolls sideways, the
// diagram is an image named by its description and fits the screen, and the list says the same steps.
// Screenshots in test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { renderPathwayPage } from '../../functions/domain/pages/pathway-page';
import { renderPathwaysPage } from '../../functions/domain/pages/pathways-page';
import { CLASSES, pathwayModel, pathwaysModel } from '../support/pathway-fixtures';
import { renderedPages } from './rendered-pages';
import { checkPage, VIEWPORTS, type ViewportName } from './viewports';

// The badge images the pages show, served where the model says they are.
const pages = renderedPages((server) => {
  for (const id of Object.values(CLASSES)) {
    server.documents.set(`/badge-classes/${id}/versions/1/image`, { contentType: 'image/svg+xml', body: renderDefaultBadgeSvg({ name: id, primaryColour: '#1d4ed8', secondaryColour: '#f59e0b' }) });
  }
});
const open = pages.open;

const check = (page: Page, name: string) => checkPage(page, `pathway-${name}`);

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('pathway pages on %s, JavaScript off', (viewport) => {
  it('a pathway: its diagram, every step with where and when, the milestone and the destination', async () => {
    const page = await open(`/pathway-${viewport}`, renderPathwayPage(pathwayModel(pages.city, { holdings: [{ badgeClassId: CLASSES.code, awardId: 'a1', issuedOn: '2026-03-01', groups: [] }] })), viewport);
    await expect(page.locator('h1').allInnerTexts()).resolves.toEqual(['Into Engineering']);
    const diagram = page.getByRole('img', { name: /A diagram of the steps/ });
    await expect(diagram.count()).resolves.toBe(1);
    const box = (await diagram.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(VIEWPORTS[viewport].viewport.width);
    for (const heading of ['The pathway at a glance', 'The steps', 'The milestone badge', 'Where it leads: apprenticeship', 'Open data']) {
      await expect(page.getByRole('heading', { name: heading, level: 2 }).count()).resolves.toBe(1);
    }
    await expect(page.locator('li.step').count()).resolves.toBe(7);
    await expect(page.getByRole('link', { name: 'Code Club (Saturdays)' }).count()).resolves.toBe(1);
    expect(await page.locator('main').innerText()).toMatch(/In progress: 1 of \d+ steps done/);
    expect(await page.locator('main').innerText()).toContain('Complete it to earn');
    await check(page, `page-${viewport}`);
  });

  it('the pathways list', async () => {
    const page = await open(`/pathways-${viewport}`, renderPathwaysPage(pathwaysModel(pages.city)), viewport);
    await expect(page.getByRole('heading', { level: 2 }).allInnerTexts()).resolves.toEqual(['City Explorer', 'Green Futures', 'Into Engineering']);
    await check(page, `list-${viewport}`);
  });
});

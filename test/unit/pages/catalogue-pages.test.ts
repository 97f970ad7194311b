// The catalogue pages as markup: what goes under which level of a skill, the empty and archived
// states, how long a badge stays valid in words, and hostile text from providers escaped on every page.
import { describe, expect, it } from 'vitest';
import { renderBadgeClassPage, validity } from '../../../functions/domain/pages/badge-class-page';
import { escapeHtml } from '../../../functions/domain/pages/html';
import { initials, renderProviderPage } from '../../../functions/domain/pages/provider-page';
import { learningByLevel, renderSkillPage, SHOWN_PER_LEVEL } from '../../../functions/domain/pages/skill-page';
import { renderSpinePage } from '../../../functions/domain/pages/spine-page';
import { badgeClassModel, badgeTiles, providerModel, skillModel, spineModel } from '../../support/catalogue-fixtures';
import { result, sampleOpportunities } from '../../support/portal-fixtures';
import { city } from './fixtures';
import { metaOf, PAGE_TAGS, tagsOf, textOf } from './markup';

const hostile = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`;
/** Every tag is one the pages use (an <img> only where a page puts one), nothing runs, no script URL survives. */
function expectInert(page: string) {
  const tags = tagsOf(page);
  expect(tags.map((t) => t.name).filter((name) => !PAGE_TAGS.has(name) && !['h4', 'address', 'form', 'input', 'label', 'button'].includes(name))).toEqual([]);
  expect(page).not.toMatch(/<script|<img[^>]*onerror|javascript:/i);
  expect(tags.filter((t) => t.name === 'img').every((t) => t.attributes.src === undefined || t.attributes.src.startsWith('https://'))).toBe(true);
}

describe('learningByLevel', () => {
  const views = sampleOpportunities().map((o) => result(city, o));
  const tiles = badgeTiles(city);

  it('puts an opportunity under the level it names, a badge under each it names, and the rest under any level', () => {
    const learning = learningByLevel(
      ['explorer', 'builder', 'leader'],
      [{ view: views[0]!, level: 'explorer' }, { view: views[1]! }, { view: views[2]!, level: 'wizard' }],
      [{ tile: tiles[0]!, levels: ['explorer', 'leader'] }, { tile: tiles[1]!, levels: [] }, { tile: tiles[2]!, levels: ['wizard'] }],
      `${city.baseUrl}/opportunities?skill=coding`,
    );
    expect(learning.byLevel.get('explorer')).toEqual({ opportunities: [views[0]], badges: [tiles[0]] });
    expect(learning.byLevel.get('builder')).toEqual({ opportunities: [], badges: [] });
    expect(learning.byLevel.get('leader')).toEqual({ opportunities: [], badges: [tiles[0]] });
    // A level the spine does not have (written before a spine change) counts as none.
    expect(learning.any).toEqual({ opportunities: [views[1], views[2]], badges: [tiles[1], tiles[2]] });
  });
});

describe('renderSkillPage with what builds the skill', () => {
  it('shows at most a few opportunities per level, links the rest, and says where a level has none', () => {
    const page = renderSkillPage(skillModel(city));
    const explorer = page.split('<li class="rung">')[1]!;
    expect(explorer.match(/<li><a href=/g)).toHaveLength(SHOWN_PER_LEVEL);
    expect(textOf(explorer)).toContain('1 more, among every opportunity building Coding');
    expect(textOf(page.split('<li class="rung">')[3]!)).toContain('No opportunity lists this level just now.');
    expect(textOf(page)).toContain('At any level These build Coding whatever level you are at.');
    expect(page).toContain(`href="${city.baseUrl}/opportunities?skill=coding"`);
  });

  it('lists nothing for a retired skill, and no "any level" section when everything names a level', () => {
    const model = skillModel(city);
    const retired = renderSkillPage({ city, skill: { ...model.skill, retired: true } });
    expect(textOf(retired)).not.toContain('Where to learn it');
    const allLevelled = { ...model.learning!, any: { opportunities: [], badges: [] } };
    expect(renderSkillPage({ ...model, learning: allLevelled })).not.toContain('id="any-level"');
  });

  it('escapes hostile opportunity and badge text', () => {
    const model = skillModel(city);
    const view = { ...result(city, sampleOpportunities()[0]!), title: hostile, provider: { id: 'x', name: hostile }, url: 'javascript:alert(1)' };
    const tile = { name: hostile, url: 'javascript:alert(1)', imageUrl: 'data:image/svg+xml,<svg onload=alert(1)>', description: hostile, provider: hostile };
    const page = renderSkillPage({ ...model, learning: learningByLevel(['explorer'], [{ view, level: 'explorer' }], [{ tile, levels: [] }], 'javascript:alert(1)') });
    expectInert(page);
    expect(page).toContain(escapeHtml(hostile));
  });
});

describe('renderSpinePage', () => {
  it('names the spine, its levels and each group with its skills linked', () => {
    const model = spineModel(city);
    const page = renderSpinePage(model);
    const text = textOf(page);
    expect(text).toContain('12 skills in 4 groups.');
    for (const level of model.levels) expect(text).toContain(`${level.name} ${level.description}`);
    expect(tagsOf(page)).toContainEqual({ name: 'a', attributes: { href: `${city.baseUrl}/skills/coding` } });
    expect(tagsOf(page)).toContainEqual({ name: 'link', attributes: { rel: 'alternate', type: 'application/json', href: `${city.baseUrl}/skills` } });
    expect(metaOf(page)['og:url']).toBe(`${city.baseUrl}/skills`);
  });

  it('escapes hostile names', () => {
    const model = spineModel(city);
    const page = renderSpinePage({ ...model, name: hostile, description: hostile, groups: [{ id: 'g', name: hostile, description: hostile, skills: [{ name: hostile, url: 'javascript:alert(1)', description: hostile }] }] });
    expectInert(page);
  });
});

describe('renderProviderPage', () => {
  it('shows the profile, contact, what is coming up and the badges; its JSON-LD as alternate', () => {
    const model = providerModel(city);
    const page = renderProviderPage(model);
    const text = textOf(page);
    expect(text).toContain('Website library.example.org');
    expect(text).toContain('Contact learning@library.example.org');
    expect(text).toContain('Everything Central Library offers');
    expect(tagsOf(page)).toContainEqual({ name: 'link', attributes: { rel: 'alternate', type: 'application/ld+json', href: model.url } });
    expect(page).toContain('<span class="monogram" aria-hidden="true">CL</span>');
  });

  it('says when there is nothing coming up or no badge yet, and uses the image when there is one', () => {
    const model = providerModel(city);
    const page = renderProviderPage({ ...model, provider: { ...model.provider, imageUrl: 'https://library.example.org/logo.png' }, upcoming: [], moreUpcoming: false, badges: [] });
    expect(textOf(page)).toContain('Central Library has nothing listed just now.');
    expect(textOf(page)).toContain('No badges yet.');
    expect(metaOf(page)['og:image']).toBe('https://library.example.org/logo.png');
    expect(page).not.toContain('monogram"');
  });

  it('escapes a hostile profile', () => {
    const model = providerModel(city);
    expectInert(renderProviderPage({ ...model, provider: { ...model.provider, name: hostile, description: hostile, url: 'javascript:alert(1)', imageUrl: 'javascript:alert(1)', email: `a"><script>@x.org` } }));
  });

  it('makes initials of the capitalised words', () => {
    expect(initials('Central Library')).toBe('CL');
    expect(initials('Museum of the City of Learning')).toBe('MC');
    expect(initials('été club')).toBe('É');
  });
});

describe('renderBadgeClassPage', () => {
  it('says how long it stays valid in words', () => {
    expect([730, 365, 180, 90, 45, 1].map(validity)).toEqual(['2 years', '1 year', '6 months', '3 months', '45 days', '1 day']);
  });

  it('shows the image, criteria, skills at their levels, provider, and where and when to earn it', () => {
    const model = badgeClassModel(city);
    const page = renderBadgeClassPage(model);
    const text = textOf(page);
    expect(text).toContain('Awarded by Central Library Valid for 2 years after it is awarded');
    expect(text).toContain('CodingAt Explorer level');
    expect(text).toContain('Where and when to earn it Take part in one of these to earn it, soonest first.');
    expect(tagsOf(page)).toContainEqual({ name: 'a', attributes: { href: 'https://library.example.org/badges/code-club' } });
    expect(metaOf(page)['og:image']).toBe(model.imageUrl);
  });

  it('offers the provider when nothing awarding it is listed, and nothing at all once archived', () => {
    const model = badgeClassModel(city);
    expect(textOf(renderBadgeClassPage({ ...model, opportunities: [], moreOpportunities: false }))).toContain('Nothing that awards it is listed just now. See what Central Library offers.');
    const archived = textOf(renderBadgeClassPage({ ...model, badgeClass: { ...model.badgeClass, status: 'archived' } }));
    expect(archived).toContain('No longer awarded: this badge class is archived.');
    expect(archived).not.toContain('Where and when to earn it');
  });

  it('escapes a hostile badge class', () => {
    const model = badgeClassModel(city);
    expectInert(
      renderBadgeClassPage({
        ...model,
        badgeClass: { ...model.badgeClass, name: hostile, description: hostile, criteria: { narrative: hostile, url: 'javascript:alert(1)' }, tags: [hostile] },
        imageUrl: 'javascript:alert(1)',
        provider: { name: hostile, url: 'javascript:alert(1)' },
        skills: [{ name: hostile, url: 'javascript:alert(1)', level: hostile }],
      }),
    );
  });
});

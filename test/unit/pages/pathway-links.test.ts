// "Pathways" on the skill, badge class and badge pages: each page links the pathways it is given, by
// name, to their pages; with none, the section is left out; a pathway name is text, never markup.
import { describe, expect, it } from 'vitest';
import { renderBadgeClassPage } from '../../../functions/domain/pages/badge-class-page';
import { renderBadgePage } from '../../../functions/domain/pages/badge-page';
import { pathwayLinks } from '../../../functions/domain/pages/pathway-links';
import { renderSkillPage } from '../../../functions/domain/pages/skill-page';
import { badgeClassModel, skillModel } from '../../support/catalogue-fixtures';
import { badgeModel, city } from './fixtures';
import { textOf } from './markup';

const url = `${city.baseUrl}/pathways/aaaaaaaaaaaaaaaaaaaa`;
const links = [{ name: 'From Code Club to a digital apprenticeship', url }];
const section = (page: string) => page.match(/<section class="card pathway-links"[\s\S]*?<\/section>/)?.[0];

describe('pathwayLinks', () => {
  it('links each pathway by name, with its summary when it has one', () => {
    const markup = pathwayLinks([...links, { name: 'Maker <b>days</b>', url: `${city.baseUrl}/pathways/b`, summary: 'Three maker days.' }], 'Pathways through Coding.')!.markup;
    expect(markup).toContain('<h2 id="pathways">Pathways</h2>');
    expect(markup).toContain(`<a href="${url}">From Code Club to a digital apprenticeship</a>`);
    expect(markup).toContain('Maker &lt;b&gt;days&lt;/b&gt;');
    expect(markup).toContain('<span class="meta">Three maker days.</span>');
  });

  it('is left out when there are none, or when no link is http(s)', () => {
    expect(pathwayLinks([], 'x')).toBeUndefined();
    expect(pathwayLinks([{ name: 'Bad', url: 'javascript:alert(1)' }], 'x')).toBeUndefined();
  });
});

describe('the pages', () => {
  it('the skill page lists the pathways through the skill, after what builds it', () => {
    const page = renderSkillPage(skillModel(city));
    expect(textOf(section(page)!)).toContain('Pathways through Coding');
    expect(section(page)).toContain(`href="${url}"`);
    expect(page.indexOf('id="pathways"')).toBeGreaterThan(page.indexOf('id="levels"'));
    expect(section(renderSkillPage({ ...skillModel(city), pathways: [] }))).toBeUndefined();
  });

  it('the badge class page lists the pathways it is a step of', () => {
    const page = renderBadgeClassPage(badgeClassModel(city));
    expect(textOf(section(page)!)).toContain('Code Club: First Steps is a step of these pathways');
    expect(section(page)).toContain(`href="${url}"`);
    expect(section(renderBadgeClassPage({ ...badgeClassModel(city), pathways: [] }))).toBeUndefined();
  });

  it("the badge page lists the pathways its class is a step of, and none when it is given none", () => {
    const page = renderBadgePage({ ...badgeModel(), pathways: links });
    expect(section(page)).toContain(`href="${url}"`);
    expect(section(renderBadgePage(badgeModel()))).toBeUndefined();
  });
});

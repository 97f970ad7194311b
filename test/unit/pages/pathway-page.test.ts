// The pathway page and the pathways page as markup: every step in the list (the diagram's accessible
// version) with where and when to earn it, the diagram's shapes, the milestone and destination,
// archived and progress notices, and text that cannot break out of the SVG or the HTML.
import { describe, expect, it } from 'vitest';
import { renderPathwayPage } from '../../../functions/domain/pages/pathway-page';
import { groupHeading, wrapText } from '../../../functions/domain/pages/pathway-diagram';
import { renderPathwaysPage } from '../../../functions/domain/pages/pathways-page';
import { CLASSES, pathwayModel, pathwaysModel } from '../../support/pathway-fixtures';
import { city } from './fixtures';

describe('the pathway page', () => {
  const markup = renderPathwayPage(pathwayModel(city));

  it('lists every step with where and when, the milestone, the destination and the open data links', () => {
    for (const text of ['Code Club: First Steps', 'Engineering work experience week', 'Maker Day Presenter', 'Retrofit Ready', 'Youth Voice', 'Young Curator', 'Community Gardener']) expect(markup).toContain(text);
    expect(markup).toContain('All 4 of these, in order:');
    expect(markup).toContain('<strong>Make something.</strong> Any 1 of these 2:');
    expect(markup).toContain('Any 2 of these 3, from 2 different skill groups');
    expect(markup).toContain('Badges count when all within 365 days of each other.');
    expect(markup).toContain('Code Club (Saturdays)</a> (full)');
    expect(markup).toContain('No listed opportunity awards this badge right now: ask Riverside College.');
    expect(markup).toContain('Where it leads: apprenticeship');
    expect(markup).toContain('The milestone badge');
    expect(markup).toContain(`href="${city.baseUrl}/pathways/p6wz3mk2xt7dn4qa/ctdl" type="application/ld+json"`);
    // A required order is a numbered list; the choice is not.
    expect(markup).toMatch(/All 4 of these, in order:<\/p><ol class="steps">/);
  });

  it('draws the diagram as an image labelled by its description, arrows for the order', () => {
    const svg = markup.slice(markup.indexOf('<svg'), markup.indexOf('</svg>'));
    expect(svg).toContain('role="img" aria-labelledby="diagram-label"');
    expect(svg.match(/<rect /g)).toHaveLength(9); // 7 steps, the milestone and the destination
    expect(svg.match(/class="pd-arrow"/g)).toHaveLength(5); // 3 between the ordered steps, 2 to the ends
    expect(svg).toContain('Milestone badge');
  });

  it('says when it is archived, and shows a signed-in learner’s progress only when given', () => {
    expect(renderPathwayPage(pathwayModel(city, { pathway: { ...pathwayModel(city).pathway, status: 'archived' } }))).toContain('<strong>Archived:</strong>');
    expect(markup).not.toContain('Your progress');
    const holding = (badgeClassId: string, issuedOn: string) => ({ badgeClassId, awardId: badgeClassId, issuedOn, groups: [] });
    const partway = renderPathwayPage(pathwayModel(city, { holdings: [holding(CLASSES.code, '2026-01-01')] }));
    expect(partway).toContain('<strong>In progress:</strong>');
    expect(partway.match(/class="done">Done</g)).toHaveLength(1);
    expect(partway).toContain('Badge · done');
  });

  it('escapes what authors wrote, in the page and in the diagram', () => {
    const hostile = renderPathwayPage(pathwayModel(city, { pathway: { ...pathwayModel(city).pathway, name: '<script>x</script> & "co"' } }));
    expect(hostile).not.toContain('<script>x');
    expect(hostile).toContain('&lt;script&gt;x&lt;/script&gt; &amp; &quot;co&quot;');
  });

  it('wraps long names in two lines at most, and says what each group asks', () => {
    expect(wrapText('Engineering work experience week with the controls team at Brightwater', 150)).toEqual(['Engineering work', 'experience week…']);
    expect(wrapText('Short', 300)).toEqual(['Short']);
    expect(groupHeading({ type: 'group', of: [{ type: 'badge-class', badgeClassId: CLASSES.code }, { type: 'badge-class', badgeClassId: CLASSES.maker }] })).toBe('Both of these');
    expect(groupHeading({ type: 'group', required: 3, distinct: 'tag', of: [0, 1, 2, 3].map(() => ({ type: 'badge-class' as const, badgeClassId: CLASSES.code })) })).toBe('Any 3 of these 4, from 3 different tags');
  });
});

describe('the pathways page', () => {
  it('lists each pathway with its maker, steps and destination, and the next page', () => {
    const markup = renderPathwaysPage(pathwaysModel(city));
    expect(markup).toContain('<h1>Pathways</h1>');
    expect(markup).toContain('Leads to</dt><dd>an apprenticeship: Engineering apprenticeship (level 3)');
    expect(markup).toContain('6, then a milestone badge');
    expect(markup).toContain('cursor=abc');
    expect(renderPathwaysPage({ city, skill: 'coding', pathways: [] })).toContain('No pathways are published through this skill yet.');
  });
});

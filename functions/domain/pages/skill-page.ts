// The human page of one skill on the city's skills spine: the URL that badges align to, so anyone who
// follows a badge's skill link learns what the skill means, what it looks like at each level, and where
// in the city to build it at that level: the opportunities and the badges, level by level.
import * as z from 'zod/mini';
import { SkillSchema } from '../skills';
import { catalogueStyles, renderBadgeTiles, renderCompactResults, type BadgeClassTile } from './catalogue';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { PageCitySchema, renderDocument } from './layout';
import { pathwayLinks, type PathwayLink } from './pathway-links';
import type { ResultView } from './opportunity-results';
import { portalStyles } from './opportunity-text';
import { paragraphs } from './text';

/** `skill` is what `presentSkill` answers (the fields the page shows), so the page and the JSON agree. */
export const SkillPageModelSchema = z.object({
  city: PageCitySchema,
  skill: z.extend(z.pick(SkillSchema, { name: true, description: true, group: true, keywords: true, levels: true, retired: true }), {
    /** The skill's stable public URL: this page, and its JSON. */
    id: z.string(),
    framework: z.object({ name: z.string(), version: z.string(), url: z.string() }),
  }),
});
/** What builds the skill, sorted by level (`learningByLevel`); absent for a retired skill, which nothing builds any more. */
export interface SkillLearning {
  /** For each of the skill's levels, by level id; items that name no level are under `any`. */
  byLevel: Map<string, { opportunities: ResultView[]; badges: BadgeClassTile[] }>;
  any: { opportunities: ResultView[]; badges: BadgeClassTile[] };
  /** The search for every opportunity building the skill. */
  searchUrl: string;
}
/** `pathways`: the published pathways through the skill. */
export type SkillPageModel = z.infer<typeof SkillPageModelSchema> & { learning?: SkillLearning; pathways?: PathwayLink[] };
type PageSkill = SkillPageModel['skill'];

/** Opportunities shown per level; the search has the rest. */
export const SHOWN_PER_LEVEL = 4;

/**
 * Sorts what builds a skill by the level it builds: an opportunity names at most one level of a skill,
 * a badge class may name several (it is under each); one naming none, or a level the skill does not
 * have, is under "any level".
 */
export function learningByLevel(
  levelIds: string[],
  opportunities: { view: ResultView; level?: string }[],
  badges: { tile: BadgeClassTile; levels: string[] }[],
  searchUrl: string,
): SkillLearning {
  const byLevel = new Map(levelIds.map((id) => [id, { opportunities: [] as ResultView[], badges: [] as BadgeClassTile[] }]));
  const any = { opportunities: [] as ResultView[], badges: [] as BadgeClassTile[] };
  for (const { view, level } of opportunities) (byLevel.get(level ?? '') ?? any).opportunities.push(view);
  for (const { tile, levels } of badges) {
    const at = levels.filter((level) => byLevel.has(level));
    if (at.length === 0) any.badges.push(tile);
    for (const level of at) byLevel.get(level)!.badges.push(tile);
  }
  return { byLevel, any, searchUrl };
}

export function renderSkillPage(model: SkillPageModel): string {
  const { city, skill } = model;
  const json = httpUrl(skill.id);
  const spine = httpUrl(skill.framework.url);
  return renderDocument({
    city,
    title: skill.name,
    description: skill.description,
    url: skill.id,
    head: html`<style>${markSafe(portalStyles + catalogueStyles)}</style>
${json && html`<link rel="alternate" type="application/json" href="${json}">`}`,
    main: html`<article aria-labelledby="skill-name">
<div class="card">
<p class="kicker">Skill · ${skill.group.name}</p>
<h1 id="skill-name">${skill.name}</h1>
<div class="prose">${paragraphs(skill.description)}</div>
<dl class="facts">
<dt>Group</dt><dd>${skill.group.name}</dd>
<dt>Framework</dt><dd>${skill.framework.name}, version ${skill.framework.version}</dd>
</dl>
${spine && html`<p><a href="${spine}">See every skill in the ${skill.framework.name}</a></p>`}
</div>
${skill.retired && retiredNotice()}
${levels(skill, model.learning)}
${model.learning && anyLevel(skill, model.learning)}
${pathwayLinks(model.pathways ?? [], `Pathways through ${skill.name}: steps that build it, and where they lead.`)}
${keywords(skill.keywords)}
</article>`,
  });
}

// Retired skills keep their page because badges already awarded still point at it.
const retiredNotice = () => html`<section class="status status-expired" aria-labelledby="retired">
<span class="status-icon" aria-hidden="true">!</span>
<div><h2 class="visually-hidden" id="retired">Retired skill</h2>
<p><strong>Retired:</strong> this skill is no longer part of the spine. Badges that already name it still link here.</p></div>
</section>`;

function opportunityList(skill: PageSkill, list: ResultView[], learning: SkillLearning): SafeHtml {
  if (list.length === 0) return html`<p class="meta">No opportunity lists this level just now.</p>`;
  const more = list.length - SHOWN_PER_LEVEL;
  return html`${renderCompactResults(list.slice(0, SHOWN_PER_LEVEL))}${more > 0 && html`<p class="more"><a href="${httpUrl(learning.searchUrl)}">${more} more, among every opportunity building ${skill.name}</a></p>`}`;
}

function builders(skill: PageSkill, level: string, found: { opportunities: ResultView[]; badges: BadgeClassTile[] }, learning: SkillLearning): SafeHtml {
  return html`<h4>Where to learn it at ${level}</h4>
${opportunityList(skill, found.opportunities, learning)}
${found.badges.length > 0 && html`<h4>Badges at ${level}</h4>${renderBadgeTiles(found.badges)}`}`;
}

function levels(skill: PageSkill, learning: SkillLearning | undefined): SafeHtml | undefined {
  if (skill.levels.length === 0) return undefined;
  // What the skill looks like at the level, when the spine says, above what the level means in general;
  // then where in the city to build it at that level.
  const items = skill.levels.map((level, i) => {
    const found = learning?.byLevel.get(level.id);
    return html`<li class="rung"><div class="rung-head"><span class="rung-step" aria-hidden="true">${i + 1}</span><div><h3>${level.name}</h3>${level.descriptor && html`<p>${level.descriptor}</p>`}<p class="meta">${level.description}</p></div></div>
${learning && found && builders(skill, level.name, found, learning)}</li>`;
  });
  const intro = learning && html`<p>Each level below lists the opportunities that build ${skill.name} to it and the badges that recognise it. <a href="${httpUrl(learning.searchUrl)}">Every opportunity building ${skill.name}</a>.</p>`;
  return html`<section class="card" aria-labelledby="levels"><h2 id="levels">Levels</h2>${intro}<ol class="plain ladder">${items}</ol></section>`;
}

/** What names no level: it builds the skill, whichever level the learner is at. */
function anyLevel(skill: PageSkill, learning: SkillLearning): SafeHtml | undefined {
  const { any } = learning;
  if (any.opportunities.length === 0 && any.badges.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="any-level"><h2 id="any-level">At any level</h2>
<p>These build ${skill.name} whatever level you are at.</p>
${any.opportunities.length > 0 && html`<h3>Where to learn it</h3>${opportunityList(skill, any.opportunities, learning)}`}
${any.badges.length > 0 && html`<h3>Badges</h3>${renderBadgeTiles(any.badges)}`}
</section>`;
}

function keywords(list: PageSkill['keywords']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="keywords"><h2 id="keywords">Keywords</h2><ul class="plain tags">${list.map((keyword) => html`<li>${keyword}</li>`)}</ul></section>`;
}

// The human page of one skill on the city's skills spine: the URL that badges align to, so anyone who
// follows a badge's skill link learns what the skill means and what it looks like at each level.
import * as z from 'zod/mini';
import { SkillSchema } from '../skills';
import { html, httpUrl, type SafeHtml } from './html';
import { PageCitySchema, renderDocument } from './layout';
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
export type SkillPageModel = z.infer<typeof SkillPageModelSchema>;
type PageSkill = SkillPageModel['skill'];

export function renderSkillPage(model: SkillPageModel): string {
  const { city, skill } = model;
  const json = httpUrl(skill.id);
  const spine = httpUrl(skill.framework.url);
  return renderDocument({
    city,
    title: skill.name,
    description: skill.description,
    url: skill.id,
    head: html`${json && html`<link rel="alternate" type="application/json" href="${json}">`}`,
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
${levels(skill.levels)}
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

function levels(list: PageSkill['levels']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  // What the skill looks like at the level, when the spine says, above what the level means in general.
  const items = list.map(
    (level) => html`<li><h3>${level.name}</h3>${level.descriptor && html`<p>${level.descriptor}</p>`}<p class="meta">${level.description}</p></li>`,
  );
  return html`<section class="card" aria-labelledby="levels"><h2 id="levels">Levels</h2><ol class="plain levels">${items}</ol></section>`;
}

function keywords(list: PageSkill['keywords']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="keywords"><h2 id="keywords">Keywords</h2><ul class="plain tags">${list.map((keyword) => html`<li>${keyword}</li>`)}</ul></section>`;
}

// The city's skills spine as a page (GET /skills for browsers): what the spine is, its levels, and its
// groups with their skills, each linking the skill's own page. The JSON at the same URL is unchanged.
import { catalogueStyles } from './catalogue';
import { html, httpUrl, markSafe } from './html';
import { renderDocument, type PageCity } from './layout';
import { paragraphs, summarise } from './text';

export interface SpinePageModel {
  city: PageCity;
  /** The spine's stable URL (this page, and its JSON). */
  url: string;
  name?: string;
  version?: string;
  description?: string;
  levels: { id: string; name: string; description: string }[];
  groups: { id: string; name: string; description?: string; skills: { name: string; url: string; description: string }[] }[];
}

const SKILL_LINE_LENGTH = 110;

export function renderSpinePage(model: SpinePageModel): string {
  const { city } = model;
  const name = model.name ?? `${city.branding.displayName} skills`;
  const count = model.groups.reduce((n, g) => n + g.skills.length, 0);
  const about = model.description ?? `The skills that opportunities in ${city.name} build and that its badges recognise.`;
  return renderDocument({
    city,
    title: name,
    description: about,
    url: model.url,
    head: html`<style>${markSafe(catalogueStyles)}</style>
${httpUrl(model.url) && html`<link rel="alternate" type="application/json" href="${httpUrl(model.url)}">`}`,
    main: html`<section class="card" aria-labelledby="spine-name">
<p class="kicker">Skills spine${model.version && html` · version ${model.version}`}</p>
<h1 id="spine-name">${name}</h1>
<div class="prose">${paragraphs(about)}</div>
<p>${count} skills in ${model.groups.length} groups. Every badge in the city names the skills it shows from this spine, and every opportunity the skills it builds: open a skill to see where to learn it, level by level.</p>
<p><a href="${httpUrl(`${city.baseUrl}/opportunities`)}">Find opportunities</a></p>
</section>
${model.levels.length > 0 && html`<section class="card" aria-labelledby="levels"><h2 id="levels">Levels</h2><ol class="plain spine-levels">${model.levels.map(
      (level) => html`<li><h3>${level.name}</h3><p>${level.description}</p></li>`,
    )}</ol></section>`}
${model.groups.map(
      (group) => html`<section class="card" aria-labelledby="group-${group.id}"><h2 id="group-${group.id}">${group.name}</h2>
${group.description && html`<p>${group.description}</p>`}
<ul class="plain group-skills">${group.skills.map(
        (skill) => html`<li><a href="${httpUrl(skill.url)}">${skill.name}</a><span class="meta">${summarise(skill.description, SKILL_LINE_LENGTH)}</span></li>`,
      )}</ul></section>`,
    )}`,
  });
}

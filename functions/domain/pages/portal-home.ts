// The city's home page: what this City of Learning is, a search box, the spine's skill groups, what
// starts soon and what the city features, its providers, and how badges work for learners, parents and
// employers.
import { html, httpUrl, markSafe } from './html';
import { renderDocument, type PageCity } from './layout';
import { portalStyles } from './opportunity-text';
import { renderResults, type ResultView } from './opportunity-results';
import { paragraphs } from './text';

export interface HomePageModel {
  city: PageCity;
  about: string;
  groups: { id: string; name: string; description?: string; skills: { id: string; name: string }[] }[];
  soon: ResultView[];
  featured: ResultView[];
  providers: { id: string; name: string; description?: string }[];
}

export const DEFAULT_ABOUT =
  'A City of Learning connects you with the learning that happens all over the city — in libraries, youth clubs, colleges, museums, workplaces and charities — and recognises what you learn with digital badges that you own. Find something to do next, earn badges for the skills you build, and show them to a college or an employer.';

export function renderHomePage(model: HomePageModel): string {
  const { city } = model;
  const base = city.baseUrl;
  const search = httpUrl(`${base}/opportunities`);
  return renderDocument({
    city,
    title: 'Find your next opportunity',
    description: model.about,
    url: `${base}/`,
    head: html`<style>${markSafe(portalStyles)}</style>
<link rel="alternate" type="application/json" href="${httpUrl(`${base}/`)}">`,
    main: html`<section class="card" aria-labelledby="welcome">
<p class="kicker">${city.name}</p>
<h1 id="welcome">Find your next opportunity</h1>
<div class="prose">${paragraphs(model.about)}</div>
<form class="search-box" action="${search}" method="get" role="search">
<label class="visually-hidden" for="home-q">Search opportunities</label>
<input id="home-q" name="q" type="search" placeholder="Coding, gardening, first job…" maxlength="200">
<button class="button button-primary" type="submit">Search</button>
</form>
<p><a href="${search}">Browse every opportunity</a></p>
</section>
${model.featured.length > 0 && html`<section class="card" aria-labelledby="featured"><h2 id="featured">Featured</h2>${renderResults(model.featured)}</section>`}
<section class="card" aria-labelledby="soon"><h2 id="soon">Starting soon</h2>${renderResults(model.soon)}</section>
<section class="card" aria-labelledby="skills-heading">
<h2 id="skills-heading">Skills you can build</h2>
<div class="groups">${model.groups.map(
      (group) => html`<div><h3>${group.name}</h3>${group.description && html`<p class="meta">${group.description}</p>`}<ul>${group.skills.map(
        (skill) => html`<li><a href="${httpUrl(`${base}/opportunities?skill=${encodeURIComponent(skill.id)}`)}">${skill.name}</a></li>`,
      )}</ul></div>`,
    )}</div>
<p><a href="${httpUrl(`${base}/skills`)}">The city's skills spine, level by level</a></p>
</section>
<section class="card" aria-labelledby="how">
<h2 id="how">How badges work</h2>
<div class="audiences">
<div><h3>For learners</h3><p>Take part in an activity, course, event or placement. When you have shown a skill, the provider awards you a badge: it is yours, it names the skill and the level, and anyone can check it is real.</p></div>
<div><h3>For parents and carers</h3><p>Every opportunity says who it is for, what it costs and how accessible it is. Badges carry no contact details: a child's badge shows only what they achieved and who recognised it.</p></div>
<div><h3>For employers and colleges</h3><p>Each badge links to the skill it evidences on the city's spine and can be verified at once. Offer a placement, an apprenticeship or a job here, and say which badges help.</p></div>
</div>
</section>
${model.providers.length > 0 && html`<section class="card" aria-labelledby="providers"><h2 id="providers">Who offers opportunities</h2><ul class="plain skills">${model.providers.map(
      (p) => html`<li><a href="${httpUrl(`${base}/issuers/${encodeURIComponent(p.id)}`)}">${p.name}</a>${p.description && html`<span class="meta">${p.description}</span>`}</li>`,
    )}</ul></section>`}`,
  });
}

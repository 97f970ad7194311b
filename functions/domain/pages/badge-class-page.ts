// A badge class's page, "earn this badge" (GET /badge-classes/{id} for browsers): what it recognises,
// what it takes, the skills it shows (at their levels, linked to the spine), who awards it, and where
// and when to earn it: the listed opportunities that award it, soonest first. The Open Badges 2.0
// BadgeClass at the same URL is unchanged for machines.
import type { BadgeClass } from '../badge-classes';
import { catalogueStyles } from './catalogue';
import { html, httpUrl, link, markSafe, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { renderResults, type ResultView } from './opportunity-results';
import { pathwayLinks, type PathwayLink } from './pathway-links';
import { portalStyles } from './opportunity-text';
import { paragraphs } from './text';

export interface BadgeClassPageModel {
  city: PageCity;
  badgeClass: Pick<BadgeClass, 'name' | 'description' | 'criteria' | 'tags' | 'expiresAfterDays' | 'status'>;
  /** This page's URL: the BadgeClass's (OB 2.0) too. */
  url: string;
  imageUrl: string;
  provider: { name: string; url: string };
  skills: { name: string; url: string; level?: string }[];
  opportunities: ResultView[];
  /** Whether more opportunities award it than `opportunities` shows, and the search listing them all. */
  moreOpportunities: boolean;
  searchUrl: string;
  /** The published pathways the badge class is a step of. */
  pathways: PathwayLink[];
}

/** "2 years", "6 months", "30 days": how long an award stays valid, roughly as people say it. */
export function validity(days: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days % 365 === 0) return plural(days / 365, 'year');
  if (days >= 60 && days % 30 === 0) return plural(days / 30, 'month');
  return plural(days, 'day');
}

function criteria(model: BadgeClassPageModel): SafeHtml {
  const { narrative, url } = model.badgeClass.criteria;
  return html`<section class="card" aria-labelledby="criteria"><h2 id="criteria">How to earn it</h2>
${narrative ? html`<div class="prose">${paragraphs(narrative)}</div>` : html`<p>${model.provider.name} publishes what it takes.</p>`}
${url && httpUrl(url) && html`<p>${link(url, 'The full criteria')}</p>`}
</section>`;
}

function skills(list: BadgeClassPageModel['skills']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="skills"><h2 id="skills">Skills it shows</h2>
<ul class="plain aligned">${list.map((s) => html`<li>${link(s.url, s.name)}${s.level && html`<span class="meta">At ${s.level} level</span>`}</li>`)}</ul>
</section>`;
}

function earn(model: BadgeClassPageModel): SafeHtml {
  const { opportunities, provider } = model;
  if (model.badgeClass.status !== 'active') return html``;
  const list =
    opportunities.length > 0
      ? html`<p>Take part in one of these to earn it, soonest first.</p>${renderResults(opportunities)}${model.moreOpportunities && html`<p class="more"><a href="${httpUrl(model.searchUrl)}">Every opportunity that awards it</a></p>`}`
      : html`<p>Nothing that awards it is listed just now. ${link(provider.url, `See what ${provider.name} offers`)}.</p>`;
  return html`<section class="card" aria-labelledby="earn"><h2 id="earn">Where and when to earn it</h2>${list}</section>`;
}

const archivedNotice = () => html`<section class="status status-expired" aria-labelledby="archived">
<span class="status-icon" aria-hidden="true">!</span>
<div><h2 class="visually-hidden" id="archived">No longer awarded</h2>
<p><strong>No longer awarded:</strong> this badge class is archived. Badges already awarded from it are still valid.</p></div>
</section>`;

export function renderBadgeClassPage(model: BadgeClassPageModel): string {
  const { city, badgeClass, provider } = model;
  const image = httpUrl(model.imageUrl);
  return renderDocument({
    city,
    title: badgeClass.name,
    description: badgeClass.description,
    url: model.url,
    ...(image ? { image: { url: image, alt: `The ${badgeClass.name} badge` } } : {}),
    head: html`<style>${markSafe(portalStyles + catalogueStyles)}</style>
${httpUrl(model.url) && html`<link rel="alternate" type="application/ld+json" href="${httpUrl(model.url)}">`}`,
    main: html`<article aria-labelledby="badge-name">
<section class="card hero">
${image && html`<img src="${image}" alt="The ${badgeClass.name} badge" width="208" height="208">`}
<div>
<p class="kicker">Badge</p>
<h1 id="badge-name">${badgeClass.name}</h1>
<div class="prose">${paragraphs(badgeClass.description)}</div>
<dl class="facts">
<dt>Awarded by</dt><dd>${link(provider.url, provider.name)}</dd>
<dt>Valid for</dt><dd>${badgeClass.expiresAfterDays ? `${validity(badgeClass.expiresAfterDays)} after it is awarded` : 'Does not expire'}</dd>
</dl>
</div>
</section>
${badgeClass.status !== 'active' && archivedNotice()}
${earn(model)}
<div class="columns">
${criteria(model)}
${skills(model.skills)}
${pathwayLinks(model.pathways, `${badgeClass.name} is a step of these pathways.`)}
</div>
${badgeClass.tags.length > 0 && html`<section class="card" aria-labelledby="tags"><h2 id="tags">Tags</h2><ul class="plain tags">${badgeClass.tags.map((t) => html`<li>${t}</li>`)}</ul></section>`}
</article>`,
  });
}

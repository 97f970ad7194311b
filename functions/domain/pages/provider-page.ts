// A provider's page (GET /issuers/{id} for browsers): who they are (their issuer profile), what they
// offer next, soonest first, and the badges they award. The Open Badges issuer profile at the same URL
// is unchanged for machines.
import type { Provider } from '../providers';
import { catalogueStyles, renderBadgeTiles, renderCompactResults, type BadgeClassTile } from './catalogue';
import { html, httpUrl, link, markSafe } from './html';
import { renderDocument, type PageCity } from './layout';
import type { ResultView } from './opportunity-results';
import { portalStyles } from './opportunity-text';
import { paragraphs } from './text';

export interface ProviderPageModel {
  city: PageCity;
  provider: Pick<Provider, 'id' | 'name' | 'url' | 'email' | 'description' | 'imageUrl'>;
  /** This page's URL: the issuer profile's (OB 2.0) too. */
  url: string;
  /** The OB 3.0 profile. */
  profileUrl: string;
  upcoming: ResultView[];
  /** The search for every listed opportunity of the provider. */
  searchUrl: string;
  /** Whether there are more than `upcoming` shows. */
  moreUpcoming: boolean;
  badges: BadgeClassTile[];
}

/** Up to two initials, for a provider without an image: "Central Library" → "CL". */
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{Lu}/u.test(word))
    .slice(0, 2)
    .map((word) => Array.from(word)[0])
    .join('') || Array.from(name.trim())[0]?.toUpperCase() || '?';

export function renderProviderPage(model: ProviderPageModel): string {
  const { city, provider } = model;
  const image = httpUrl(provider.imageUrl);
  const about = provider.description ?? `${provider.name} offers opportunities and awards badges in ${city.name}.`;
  const site = httpUrl(provider.url);
  return renderDocument({
    city,
    title: provider.name,
    description: about,
    url: model.url,
    ...(image ? { image: { url: image, alt: provider.name } } : {}),
    head: html`<style>${markSafe(portalStyles + catalogueStyles)}</style>
${httpUrl(model.url) && html`<link rel="alternate" type="application/ld+json" href="${httpUrl(model.url)}">`}`,
    main: html`<article aria-labelledby="provider-name">
<section class="card hero">
${image ? html`<img src="${image}" alt="" width="208" height="208">` : html`<span class="monogram" aria-hidden="true">${initials(provider.name)}</span>`}
<div>
<p class="kicker">Provider</p>
<h1 id="provider-name">${provider.name}</h1>
<div class="prose">${paragraphs(about)}</div>
<dl class="facts contact">
${site && html`<dt>Website</dt><dd><a href="${site}">${new URL(site).host}</a></dd>`}
<dt>Contact</dt><dd><a href="mailto:${provider.email}">${provider.email}</a></dd>
</dl>
</div>
</section>
<section class="card" aria-labelledby="upcoming"><h2 id="upcoming">Coming up</h2>
${model.upcoming.length > 0 ? renderCompactResults(model.upcoming) : html`<p>${provider.name} has nothing listed just now.</p>`}
${model.moreUpcoming && html`<p class="more"><a href="${httpUrl(model.searchUrl)}">Everything ${provider.name} offers</a></p>`}
</section>
<section class="card" aria-labelledby="badges"><h2 id="badges">Badges ${provider.name} awards</h2>
${model.badges.length > 0 ? renderBadgeTiles(model.badges) : html`<p>No badges yet.</p>`}
</section>
<section class="card" aria-labelledby="open-data"><h2 id="open-data">For developers</h2>
<p>This page's address answers with ${provider.name}'s Open Badges 2.0 issuer profile when asked for JSON-LD; its ${link(model.profileUrl, 'Open Badges 3.0 profile')} has the key that signs its badges.</p>
</section>
</article>`,
  });
}

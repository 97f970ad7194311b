// What the catalogue pages (the spine, a skill, a provider, a badge class) share: badge classes shown
// as tiles (image, name, who awards it, a line of what it is) and the styles these pages add to the
// shared stylesheet.
import { html, httpUrl, type SafeHtml } from './html';
import { whenText, type ResultView } from './opportunity-results';
import { formatAges, formatCost, kindName, modeName } from './opportunity-text';
import { summarise } from './text';

/** A badge class as a tile links it: its page, its image, its provider. */
export interface BadgeClassTile {
  name: string;
  /** Its "earn this badge" page. */
  url: string;
  imageUrl: string;
  description: string;
  provider?: string;
}

const TILE_DESCRIPTION_LENGTH = 120;

export function renderBadgeTiles(tiles: BadgeClassTile[]): SafeHtml {
  return html`<ul class="plain tiles">${tiles.map((tile) => {
    const image = httpUrl(tile.imageUrl);
    return html`<li class="tile">
${image && html`<img src="${image}" alt="" width="64" height="64" loading="lazy">`}
<div><a href="${httpUrl(tile.url)}">${tile.name}</a>
${tile.provider && html`<span class="meta">${tile.provider}</span>`}
<p>${summarise(tile.description, TILE_DESCRIPTION_LENGTH)}</p></div>
</li>`;
  })}</ul>`;
}

const placeText = (place: ResultView['place']) => (place.name ? `${place.name}, ${place.locality}` : modeName(place.mode));

/**
 * Opportunities in a few lines each (what, when, where, for whom, cost), for pages that list them
 * under several headings at once; the search page and the home page show the full result cards.
 */
export function renderCompactResults(results: ResultView[]): SafeHtml {
  return html`<ul class="plain compact">${results.map(
    (r) => html`<li><a href="${httpUrl(r.url)}">${r.title}</a>${r.status === 'full' && html`<span class="badge-full">Full</span>`}
<span class="meta">${kindName(r.kind)} · ${r.provider.name}</span>
<span class="meta">${whenText(r)}</span>
<span class="meta">${placeText(r.place)} · ${formatAges(r.ageRange)} · ${formatCost(r.cost)}</span></li>`,
  )}</ul>`;
}

/** Static: nothing interpolated. */
export const catalogueStyles = `
.tiles{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,17rem),1fr))}
.tile{display:flex;gap:.875rem;align-items:flex-start;padding:.75rem .875rem;border:1px solid var(--line);border-radius:12px;background:#fff}
.tile img{flex:none;width:4rem;height:4rem;object-fit:contain}
.tile a{font-weight:600}
.tile p{margin:.25rem 0 0;font-size:.9375rem}
.ladder{display:grid;gap:1rem}
.rung{border:1px solid var(--line);border-radius:12px;padding:1rem .875rem}
.compact{display:grid;gap:.625rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr))}
.compact li{padding:.625rem .875rem;border:1px solid var(--line);border-left:5px solid var(--secondary);border-radius:10px;background:#fff}
.compact a{font-weight:600}
.rung-head{display:flex;gap:.875rem;align-items:flex-start}
.rung-step{flex:none;display:grid;place-items:center;width:2.25rem;height:2.25rem;border-radius:50%;background:var(--primary);color:var(--on-primary);font-weight:700}
.rung-head p{margin:.25rem 0 0}
.rung h4{margin:1.125rem 0 .5rem;font-size:1rem}
.more{margin:.75rem 0 0}
.group-skills{display:grid;gap:.625rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,17rem),1fr))}
.group-skills li{padding:.625rem .875rem;border:1px solid var(--line);border-left:5px solid var(--secondary);border-radius:10px}
.group-skills a{font-weight:600}
.spine-levels{display:grid;gap:.625rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,13rem),1fr));counter-reset:level}
.spine-levels li{padding:.625rem .875rem;border-radius:10px;background:var(--tint);color:var(--on-tint)}
.spine-levels p{margin:.25rem 0 0;font-size:.9375rem}
.aligned{display:grid;gap:.625rem}
.aligned li{padding:.625rem .875rem;border:1px solid var(--line);border-left:5px solid var(--secondary);border-radius:10px}
.aligned a{font-weight:600}
.contact dd{font-weight:400}
.monogram{display:grid;place-items:center;width:8rem;height:8rem;border-radius:50%;background:var(--primary);color:var(--on-primary);border:6px solid var(--secondary);font-size:2.75rem;font-weight:700;letter-spacing:.04em}
@media (max-width:29.99rem){
.contact{grid-template-columns:minmax(0,1fr);justify-items:center}
.contact dd+dt{margin-top:.375rem}
.rung{padding:1rem 0 0;border-width:1px 0 0;border-radius:0}
.compact li,.tile{padding:.5rem .625rem}
}
@media (min-width:48rem){.rung{padding:1.25rem 1.5rem}}
`;

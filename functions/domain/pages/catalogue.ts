// What the catalogue pages (the spine, a skill, a provider, a badge class) share: badge classes shown
// as tiles (image, name, who awards it, a line of what it is) and the styles these pages add to the
// shared stylesheet.
import { html, httpUrl, type SafeHtml } from './html';
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
  return html`<ul class="plain tiles">${tiles.map(
    (tile) => html`<li class="tile">
<img src="${httpUrl(tile.imageUrl)}" alt="" width="64" height="64" loading="lazy">
<div><a href="${httpUrl(tile.url)}">${tile.name}</a>
${tile.provider && html`<span class="meta">${tile.provider}</span>`}
<p>${summarise(tile.description, TILE_DESCRIPTION_LENGTH)}</p></div>
</li>`,
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
.rung{border:1px solid var(--line);border-left:6px solid var(--secondary);border-radius:12px;padding:1rem 1.125rem}
.rung-head{display:flex;gap:.875rem;align-items:flex-start}
.rung-step{flex:none;display:grid;place-items:center;width:2.25rem;height:2.25rem;border-radius:50%;background:var(--primary);color:var(--on-primary);font-weight:700}
.rung-head p{margin:.25rem 0 0}
.rung h4{margin:1.125rem 0 .5rem;font-size:1rem}
.rung .results{margin-top:0}
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
`;

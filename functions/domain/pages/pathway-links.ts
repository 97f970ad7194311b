// "Pathways" on a skill's, a badge class's and a badge's page: the published pathways that go through
// the skill or have the badge as a step, linked to their pages. Nothing is shown when there are none.
import { html, httpUrl, type SafeHtml } from './html';

export interface PathwayLink {
  name: string;
  url: string;
  /** The pathway's first paragraph, shortened (lists have it; the badge pages show names only). */
  summary?: string;
}

/** The section, or nothing; `intro` says how these pathways relate to the page (one sentence). */
export function pathwayLinks(pathways: readonly PathwayLink[], intro: string): SafeHtml | undefined {
  const items = pathways.flatMap((p) => {
    const href = httpUrl(p.url);
    return href ? [html`<li><a href="${href}">${p.name}</a>${p.summary ? html`<span class="meta">${p.summary}</span>` : ''}</li>`] : [];
  });
  if (items.length === 0) return undefined;
  return html`<section class="card pathway-links" aria-labelledby="pathways"><h2 id="pathways">Pathways</h2>
<p>${intro}</p>
<ul class="plain">${items}</ul>
</section>`;
}

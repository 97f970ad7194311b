// Search results as the portal lists them (home page and search page alike), and as the map's pins.
import type { OpportunityKind, Schedule } from '../opportunities';
import { html, link, type SafeHtml } from './html';
import { formatAges, formatCost, formatSession, kindName, modeName } from './opportunity-text';

/** What the search API answers for one result (functions/opportunities/present.ts), as the pages need it. */
export interface ResultView {
  id: string;
  url: string;
  title: string;
  kind: OpportunityKind;
  status: 'published' | 'full';
  provider: { id: string; name: string };
  nextSession?: { start: string; end: string };
  cost: { free: boolean; price?: number; currency?: string };
  ageRange: { min: number; max?: number };
  place: { mode: 'in-person' | 'online' | 'blended'; name?: string; locality?: string; latitude?: number; longitude?: number };
  distanceKm?: number;
  /** The schedule's pattern in words (describeSchedule), for open and recurring ones. */
  when?: string;
  schedule?: Schedule;
}

export function whenText(result: ResultView): string {
  if (result.nextSession && result.schedule) return `Next: ${formatSession({ start: new Date(result.nextSession.start), end: new Date(result.nextSession.end) }, result.schedule)}`;
  return result.when ?? '';
}

const where = (place: ResultView['place']) => (place.name ? `${place.name}, ${place.locality}${place.mode === 'blended' ? ' (and online)' : ''}` : modeName(place.mode));

export function renderResults(results: ResultView[]): SafeHtml {
  if (results.length === 0) return html`<p>No opportunities match yet. Try fewer filters, or a wider distance.</p>`;
  const items = results.map((r) => {
    const title = html`${link(r.url, r.title)}${r.status === 'full' ? html`<span class="badge-full">Full</span>` : ''}`;
    return html`<li class="result">
<h3>${title}</h3>
<dl class="facts">
<dt>What</dt><dd>${kindName(r.kind)} · ${r.provider.name}</dd>
<dt>When</dt><dd>${whenText(r)}</dd>
<dt>Where</dt><dd>${where(r.place)}${r.distanceKm !== undefined ? ` · ${r.distanceKm.toFixed(1)} km away` : ''}</dd>
<dt>Who</dt><dd>${formatAges(r.ageRange)}</dd>
<dt>Cost</dt><dd>${formatCost(r.cost)}</dd>
</dl>
</li>`;
  });
  return html`<ol class="plain results">${items}</ol>`;
}

/** The pins the map script draws: only what it shows, as JSON inside a data block (never executed). */
export function mapPins(results: ResultView[]): string {
  const pins = results
    .filter((r) => r.place.latitude !== undefined && r.place.longitude !== undefined)
    .map((r) => ({ lat: r.place.latitude, lng: r.place.longitude, title: r.title, url: r.url, place: r.place.name }));
  // `<` escaped so that no text can close the data block.
  return JSON.stringify(pins).replace(/</g, '\\u003c');
}

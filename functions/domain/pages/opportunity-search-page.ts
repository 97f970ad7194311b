// The directory's search page: a plain GET form of filters (it works without JavaScript), the results,
// the next page, and a map. The map is the city's own Leaflet, drawn by the city's own script from a JSON
// data block; with no tiles configured it draws the pins alone, and without JavaScript the list is all.
import { OPPORTUNITY_KINDS } from '../opportunities';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { mapPins, renderResults, type ResultView } from './opportunity-results';
import { kindName, portalStyles } from './opportunity-text';

/** The form's values as they came in the query string (already validated by the route). */
export interface SearchFormValues {
  q?: string;
  skill?: string[];
  kind?: string[];
  near?: string;
  radiusKm?: string;
  age?: string;
  free?: string;
  mode?: string;
  from?: string;
  to?: string;
  sort?: string;
  provider?: string;
  badgeClass?: string;
}


export interface SearchPageModel {
  city: PageCity;
  values: SearchFormValues;
  results: ResultView[];
  nextUrl?: string;
  /**
   * The names of the provider and the badge class the search is limited to (filters the form has no
   * control for: their pages link to the search); the id stands in for one that was not found.
   */
  scopeNames?: { provider?: string; badgeClass?: string };
  skills: { id: string; name: string }[];
  /** Named places of the city to search near (the portal config's places). */
  places: { name: string; lat: number; lng: number }[];
  map: { tilesUrl?: string; attribution?: string; centre: { lat: number; lng: number } };
  assets: { leafletCss: string; leafletJs: string; mapJs: string };
}

const RADII = ['1', '2', '5', '10', '25'];

const SCOPES = {
  provider: { text: 'Only opportunities offered by', what: 'the provider filter', page: (baseUrl: string, id: string) => `${baseUrl}/issuers/${encodeURIComponent(id)}` },
  badgeClass: { text: 'Only opportunities that award', what: 'the badge filter', page: (baseUrl: string, id: string) => `${baseUrl}/badge-classes/${encodeURIComponent(id)}` },
} as const;

/** The search's own URL without one filter (and without the cursor, which belongs to the old search). */
function without(baseUrl: string, values: SearchFormValues, name: keyof SearchFormValues): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (key === name || value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, String(one));
  }
  const rest = query.toString();
  return `${baseUrl}/opportunities${rest ? `?${rest}` : ''}`;
}

/** Each scope as a hidden field (so that the form keeps it) and a line that says it, with a link that removes it. */
function scopes(model: SearchPageModel): SafeHtml | undefined {
  const { baseUrl } = model.city;
  const active = (Object.keys(SCOPES) as (keyof typeof SCOPES)[]).filter((name) => model.values[name]);
  if (active.length === 0) return undefined;
  return html`<ul class="plain scopes">${active.map((name) => {
    const id = model.values[name]!;
    const { text, what, page } = SCOPES[name];
    return html`<li>${text} <a href="${httpUrl(page(baseUrl, id))}">${model.scopeNames?.[name] ?? id}</a>. <a href="${httpUrl(without(baseUrl, model.values, name))}">Remove<span class="visually-hidden"> ${what}</span></a><input type="hidden" name="${name}" value="${id}"></li>`;
  })}</ul>`;
}

const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? markSafe(' selected') : ''}>${label}</option>`;
const checked = (on: boolean) => (on ? markSafe(' checked') : '');

function filters(model: SearchPageModel): SafeHtml {
  const v = model.values;
  const search = httpUrl(`${model.city.baseUrl}/opportunities`);
  const near = v.near ?? '';
  return html`<form class="card" action="${search}" method="get" role="search" aria-labelledby="filters-heading">
<h2 id="filters-heading">Find an opportunity</h2>
<div class="filters">
<div class="field"><label for="q">Words</label><input id="q" name="q" type="search" value="${v.q ?? ''}" maxlength="200"></div>
<div class="field"><label for="skill">Skill</label><select id="skill" name="skill">${option('', 'Any skill', !v.skill?.length)}${model.skills.map((s) => option(s.id, s.name, v.skill?.includes(s.id) ?? false))}</select></div>
<div class="field"><label for="near">Near</label><select id="near" name="near">${option('', 'Anywhere', near === '')}${model.places.map((p) => option(`${p.lat},${p.lng}`, p.name, near === `${p.lat},${p.lng}`))}</select></div>
<div class="field"><label for="radiusKm">Within</label><select id="radiusKm" name="radiusKm">${option('', '5 km (when near a place)', !v.radiusKm)}${RADII.map((r) => option(r, `${r} km`, v.radiusKm === r))}</select></div>
<div class="field"><label for="age">Age of the learner</label><input id="age" name="age" type="number" inputmode="numeric" min="0" max="120" value="${v.age ?? ''}"></div>
<div class="field"><label for="mode">How</label><select id="mode" name="mode">${option('', 'In person or online', !v.mode)}${option('in-person', 'In person', v.mode === 'in-person')}${option('online', 'Online', v.mode === 'online')}</select></div>
<div class="field"><label for="from">From</label><input id="from" name="from" type="date" value="${v.from ?? ''}"></div>
<div class="field"><label for="to">To</label><input id="to" name="to" type="date" value="${v.to ?? ''}"></div>
<div class="field"><label for="sort">Order</label><select id="sort" name="sort">${option('soonest', 'Soonest first', v.sort !== 'nearest')}${option('nearest', 'Nearest first (choose a place)', v.sort === 'nearest')}</select></div>
<fieldset><legend>Kind</legend><div class="checks">${OPPORTUNITY_KINDS.map(
    (k) => html`<label><input type="checkbox" name="kind" value="${k}"${checked(v.kind?.includes(k) ?? false)}>${kindName(k)}</label>`,
  )}</div></fieldset>
<div class="checks"><label><input type="checkbox" name="free" value="true"${checked(v.free === 'true')}>Free only</label></div>
</div>
${scopes(model)}
<div class="actions"><button class="button button-primary" type="submit">Search</button><a class="button" href="${search}">Clear filters</a></div>
</form>`;
}

function map(model: SearchPageModel): SafeHtml | undefined {
  if (!showsMap(model)) return undefined;
  const { map: config } = model;
  // Hidden until the script draws it: without JavaScript there is no empty box.
  return html`<section aria-labelledby="map-heading"><h2 class="visually-hidden" id="map-heading">Map of these opportunities</h2>
<div id="opportunity-map" class="map" hidden data-lat="${config.centre.lat}" data-lng="${config.centre.lng}"${config.tilesUrl ? html` data-tiles="${config.tilesUrl}" data-attribution="${config.attribution ?? ''}"` : ''}></div>
<script type="application/json" id="opportunity-pins">${markSafe(mapPins(model.results))}</script>
</section>`;
}

/** Whether the page draws a map, and so loads the city's own scripts (its reply allows them). */
export const showsMap = (model: Pick<SearchPageModel, 'results'>) => model.results.some((r) => r.place.latitude !== undefined);

export function renderSearchPage(model: SearchPageModel): string {
  const { city } = model;
  const hasMap = showsMap(model);
  return renderDocument({
    city,
    title: model.values.q ? `Opportunities: ${model.values.q}` : 'Opportunities',
    description: `Activities, courses, events, volunteering, placements, apprenticeships and jobs in ${city.name}.`,
    url: `${city.baseUrl}/opportunities`,
    head: html`<style>${markSafe(portalStyles)}</style>
${hasMap && html`<link rel="stylesheet" href="${model.assets.leafletCss}">
<script src="${model.assets.leafletJs}" defer></script>
<script src="${model.assets.mapJs}" defer></script>`}`,
    main: html`<h1>Opportunities</h1>
<p>Things to do, learn and try in ${city.name}: every one says who it is for, what it costs and which skills it builds.</p>
${filters(model)}
${map(model)}
<section aria-labelledby="results-heading">
<h2 id="results-heading">${model.results.length === 0 ? 'No results' : 'Results'}</h2>
${renderResults(model.results)}
</section>
${model.nextUrl && html`<nav class="pager" aria-label="More results"><a class="button" href="${httpUrl(model.nextUrl)}">Next page</a></nav>`}`,
  });
}

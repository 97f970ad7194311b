// The insights pages: the dashboard (city admins; a provider sees its own reach), the public "state of
// learning in the city" page and the method page. Every chart is server-rendered SVG beside a table of
// the same figures; every figure is one that disclosure.ts published (a withheld one says so).
// Filters are a plain GET form, so the pages work without JavaScript.
import type { InsightsArea } from '../../../definitions/insights-config';
import type { Figure } from '../disclosure';
import type { FigureTable } from '../insights-figures';
import { AGE_LABELS } from '../insights-figures';
import { periodName, type AgeCell, type Period } from '../insights';
import { renderChoropleth } from './choropleth';
import { funnelChart, funnelTableHtml } from './funnel-chart';
import { html, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';

export interface InsightsPage {
  city: PageCity;
  /** Where the page lives, for its canonical URL and its filter form. */
  path: string;
  title: string;
  intro: string;
  query: { period: Period; area?: string; age?: AgeCell };
  periods: Period[];
  areas: InsightsArea[];
  ages: readonly AgeCell[];
  byArea: FigureTable;
  tables: FigureTable[];
  /** The open data files of the same figures, and the method page. */
  links: { json: string; csv: string; method: string };
  licence: { name: string; url: string };
  rule: { roundTo: number; threshold: number };
}

const shown = (f: Figure) => (f === 'withheld' ? 'withheld' : f.toLocaleString('en-GB'));

const styles = html`<style>
.insights-filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:1rem 0}
.insights-filters label{display:flex;flex-direction:column;font-weight:600;gap:.25rem}
.insights-filters select{min-height:2.75rem;font-size:1rem;max-width:100%}
.insights-section{margin:2rem 0}
.insights-figures{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:60rem){.insights-figures{grid-template-columns:minmax(0,1.2fr) minmax(0,1fr)}}
.insights-figures svg{width:100%;height:auto;max-width:44rem}
.insights-table{border-collapse:collapse;width:100%}
.insights-table caption{text-align:left;font-weight:600;padding-bottom:.35rem}
.insights-table th,.insights-table td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #c8ccd2;vertical-align:top;overflow-wrap:anywhere}
.insights-table td.n,.insights-table th.n{text-align:right;font-variant-numeric:tabular-nums}
.insights-note{color:#3d4248}
.insights-funnel td.n{white-space:nowrap}
.insights-funnel th.insights-group{padding-top:1rem;font-size:1.05rem}
.insights-funnel th[scope=row]{font-weight:400}
</style>`;

/** A horizontal bar chart of a table's first column: each row's bar, and "withheld" where it is. */
export function barChart(table: FigureTable, colour: string): SafeHtml {
  const values = table.figures.map((row) => row[0]!);
  const largest = Math.max(1, ...values.map((v) => (v === 'withheld' ? 0 : v)));
  const rowHeight = 30;
  const labelWidth = 190;
  const width = 560;
  const barSpace = width - labelWidth - 70;
  const height = table.rows.length * rowHeight + 8;
  const id = table.id;
  return html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-chart-title ${id}-chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-chart-title">${table.title}: ${table.columns[0]!.label}</title>
<desc id="${id}-chart-desc">A bar for each row; the same figures are in the table "${table.title}" beside it.</desc>
<g font-size="13" font-family="inherit" fill="#1a1a1a">
${table.rows.map((row, i) => {
  const y = 4 + i * rowHeight;
  const value = values[i]!;
  const length = value === 'withheld' ? 0 : (value / largest) * barSpace;
  const label = row.label.length > 28 ? `${row.label.slice(0, 27)}…` : row.label;
  return html`<text x="0" y="${y + 19}">${label}</text><rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 10}" fill="${colour}"/><text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 19}">${shown(value)}</text>`;
})}
</g>
</svg>`;
}

export function figureTableHtml(table: FigureTable): SafeHtml {
  return html`<table class="insights-table" id="${table.id}-table">
<caption>${table.title}</caption>
<thead><tr><th scope="col">${table.rowHeader}</th>${table.columns.map((c) => html`<th scope="col" class="n">${c.label}</th>`)}</tr></thead>
<tbody>
${table.rows.map((row, r) => html`<tr><th scope="row">${row.label}</th>${table.figures[r]!.map((f) => html`<td class="n">${shown(f)}</td>`)}</tr>`)}
</tbody>
<tfoot><tr><th scope="row">All</th>${table.totals.map((f) => html`<td class="n">${shown(f)}</td>`)}</tr></tfoot>
</table>`;
}

function section(table: FigureTable, chart: SafeHtml): SafeHtml {
  return html`<section class="insights-section" aria-labelledby="${table.id}-heading">
<h2 id="${table.id}-heading">${table.title}</h2>
${table.note && html`<p class="insights-note">${table.note}</p>`}
<div class="insights-figures"><div>${chart}</div><div>${table.chart === 'funnel' ? funnelTableHtml(table) : figureTableHtml(table)}</div></div>
</section>`;
}

function filters(page: InsightsPage): SafeHtml {
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form class="insights-filters" method="get" action="${page.path}">
<label>Period <select name="period">${page.periods.map((p) => option(p, periodName(p), p === page.query.period))}</select></label>
<label>Area <select name="area">${option('', 'All areas', !page.query.area)}${page.areas.map((a) => option(a.code, a.name, a.code === page.query.area))}</select></label>
<label>Age band <select name="age">${option('', 'All ages', !page.query.age)}${page.ages.map((a) => option(a, AGE_LABELS[a], a === page.query.age))}</select></label>
<button type="submit">Show</button>
</form>`;
}

export function renderInsightsPage(page: InsightsPage): string {
  const { city } = page;
  const colour = city.branding.primaryColour;
  const mapAreas = page.areas.map((area) => {
    const row = page.byArea.rows.findIndex((r) => r.key === area.code);
    return { code: area.code, name: area.name, geometry: area.boundary, figure: page.byArea.figures[row]?.[0] ?? ('withheld' as const) };
  });
  const map = mapAreas.length ? renderChoropleth(mapAreas, { title: page.byArea.title, tableId: page.byArea.id, colour }) : html`<p>The city has no areas in its config yet.</p>`;
  const main = html`${styles}
<h1>${page.title}</h1>
<p>${page.intro}</p>
${filters(page)}
<p>Figures about learners are rounded to the nearest ${page.rule.roundTo}; fewer than ${page.rule.threshold} are withheld, and so is any figure that would let a withheld one be worked out. What the directory lists (opportunities, places, employer openings) is counted exactly. <a href="${page.links.method}">How these figures are made</a>. Download them: <a href="${page.links.csv}">CSV</a>, <a href="${page.links.json}">JSON</a> (<a href="${page.licence.url}">${page.licence.name}</a>).</p>
${section(page.byArea, map)}
${page.tables.map((table) => section(table, table.chart === 'funnel' ? funnelChart(table, colour) : barChart(table, colour)))}`;
  return renderDocument({ city, title: page.title, description: page.intro, url: `${city.baseUrl}${page.path}`, head: html`<link rel="alternate" type="text/csv" href="${page.links.csv}"><link rel="alternate" type="application/json" href="${page.links.json}">`, main });
}

export interface MethodPage {
  city: PageCity;
  rule: { roundTo: number; threshold: number; minimumPercentageBase: number };
  licence: { name: string; url: string };
  areas: InsightsArea[];
}

/** How the figures are made, as HESA and Ofqual publish theirs: sources, what is counted, the rounding and suppression rule. */
export function renderMethodPage(page: MethodPage): string {
  const { rule } = page;
  const main = html`<h1>How the learning figures are made</h1>
<h2>Where the figures come from</h2>
<p>Every figure is counted from the city's own records as they change: each badge the city's providers award, each badge they revoke, and each opportunity listed in the directory. Nothing is sampled or estimated, and no record about any one learner is published.</p>
<h2>What is counted</h2>
<ul>
<li><strong>Badges earned</strong>: awards, in the month of the date they were awarded for. A revoked badge is taken out of every figure it was in.</li>
<li><strong>Learners</strong>: distinct people who earned a badge in the period. A learner who earned several badges counts once for each skill, provider or area they earned in.</li>
<li><strong>Areas</strong> and <strong>age bands</strong>: only for learners who agreed that their postcode district and their age band may be counted. Everyone else is counted under "not known".</li>
<li><strong>Skills</strong>: the skills of the city's skills spine that a badge names; a badge naming two skills counts for both.</li>
<li><strong>On offer</strong>: opportunities listed now, in the area of their venue and for the age bands they are open to. <strong>Employer openings</strong>: listed jobs, apprenticeships and work-experience placements, by the skills they name.</li>
<li><strong>Funnels</strong>, for each opportunity and pathway whose page people viewed most: <strong>page views</strong> (each time a person's browser opened the page; robots that name themselves, such as search engines and link previews, are left out, and nothing about the viewer is kept, so a person who opens a page twice counts twice); <strong>booking clicks</strong> (each click on "Book or apply online", which goes through the city's own link to the provider's booking page); <strong>claims</strong> (uses of claim codes for the badges the opportunity awards); <strong>badges earned</strong> of those badges; for a pathway, the badges of its steps, its <strong>milestones</strong>, and <strong>destinations reached</strong>: badges of the pathway's destination opportunity earned by learners who agreed to their area or age band being counted (learners who did not agree are not in it, so it is a lower bound). Page views, booking clicks and claims are not by area or age.</li>
<li>A funnel's steps count different things (views, clicks, people's badges), so the share of the first step that reached the last is a rate per 100 page views, not a share of people.</li>
</ul>
<h2>Areas</h2>
<p>${page.areas.length ? html`The city counts by ${page.areas.length} areas: ${page.areas.map((a) => a.name).join(', ')}. A learner's area is found from their postcode district, never their full postcode.` : 'The city has not defined its areas yet.'}</p>
<h2>Keeping people unidentifiable</h2>
<p>These rules apply to every figure about learners: badges earned, learners and milestones.</p>
<ol>
<li>Every published figure is rounded to the nearest ${rule.roundTo}, from the exact count, so no figure is exact. Totals are rounded from exact totals, so rounded figures may not add up to the rounded total.</li>
<li>A count from 1 to ${rule.threshold - 1} is withheld.</li>
<li>Where a table publishes a total, a figure that could be worked out by subtracting the others from it is withheld too, and so is the next smallest, until no withheld figure can be recovered. Withheld figures are not marked as small or as withheld to protect another: saying which would tell you which are small.</li>
<li>A percentage is worked out from exact counts, withheld with its count, and withheld when it is a share of fewer than ${rule.minimumPercentageBase}.</li>
</ol>
<p>This follows the rounding and suppression methods HESA and the ONS describe for tables of people.</p>
<h2>What is on offer is published exactly</h2>
<p>Opportunities, their places and employer openings are counted exactly, neither rounded nor withheld, by skill, area, age band, cost and kind. They are facts about what providers and employers list publicly in the directory, not about people. Statistical disclosure control exists to stop statistics revealing confidential information about the people they count (the Government Statistical Service and ONS guidance on disclosure control); a listing is information its provider publishes itself, and every one can already be read on the directory's own pages, so there is nothing confidential to protect. Rounding or withholding them would protect no one and would hide the offer of small areas, which is where gaps matter most.</p>
<p>The figures may be reused under the <a href="${page.licence.url}">${page.licence.name}</a>.</p>`;
  return renderDocument({ city: page.city, title: 'How the learning figures are made', description: 'Where the city\'s learning figures come from, what they count and how they keep learners unidentifiable.', url: `${page.city.baseUrl}/insights/method`, head: html``, main });
}

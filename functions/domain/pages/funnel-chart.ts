// A funnel chart of insights: for each opportunity or pathway, one bar per step of its funnel (page
// views, bookings, claims, badges earned; or views, step badges, milestones, destinations), each as
// long as its share of the row's largest published figure, so every row reads as its own funnel
// whatever its size. Server-rendered SVG; the table beside it holds the same figures. Narrow (360
// units wide) so that its words stay readable when it shrinks to a 320 px phone. Its table is long
// rather than wide (a row per step, grouped by opportunity or pathway), for the same phone.
import type { FigureTable } from '../insights-figures';
import type { Figure } from '../disclosure';
import { html, type SafeHtml } from './html';

const WIDTH = 360;
const LABEL = 132;
const BAR = 16;
const GAP = 4;
const TITLE = 22;
const AFTER = 12;

export function funnelChart(table: FigureTable, colour: string): SafeHtml {
  if (table.rows.length === 0) return html`<p>No page views were counted in this period.</p>`;
  const steps = table.columns.map((c, i) => ({ ...c, i })).filter((c) => c.unit !== 'percent');
  const rowHeight = TITLE + steps.length * (BAR + GAP) + AFTER;
  const height = table.rows.length * rowHeight;
  const barSpace = WIDTH - LABEL - 64;
  const id = table.id;
  return html`<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-chart-title ${id}-chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-chart-title">${table.title}</title>
<desc id="${id}-chart-desc">For each ${table.rowHeader.toLowerCase()}, a bar for each step (${steps.map((s) => s.label).join(', ')}); the same figures are in the table "${table.title}" beside it.</desc>
<g font-size="12" font-family="inherit" fill="#1a1a1a">
${table.rows.map((row, r) => {
  const top = r * rowHeight;
  const figures = steps.map((s) => table.figures[r]![s.i]!);
  const largest = Math.max(1, ...figures.map((f) => (f === 'withheld' ? 0 : f)));
  const label = row.label.length > 44 ? `${row.label.slice(0, 43)}…` : row.label;
  return html`<text x="0" y="${top + 15}" font-weight="600">${label}</text>
${steps.map((step, s) => {
  const y = top + TITLE + s * (BAR + GAP);
  const figure = figures[s]!;
  const length = figure === 'withheld' ? 0 : (figure / largest) * barSpace;
  return html`<text x="0" y="${y + 12}">${step.label}</text><rect x="${LABEL}" y="${y}" width="${length.toFixed(1)}" height="${BAR}" fill="${colour}"/><text x="${(LABEL + length + 4).toFixed(1)}" y="${y + 12}">${figure === 'withheld' ? 'withheld' : figure.toLocaleString('en-GB')}</text>`;
})}`;
})}
</g>
</svg>`;
}

const shown = (f: Figure, percent: boolean) => (f === 'withheld' ? 'withheld' : percent ? f.toLocaleString('en-GB', { minimumFractionDigits: 1 }) : f.toLocaleString('en-GB'));

/**
 * A funnel's figures as a table two columns wide (a step, its figure): each opportunity or pathway a
 * group of rows under its name, so that it fits a 320 px phone however long the names are.
 */
export function funnelTableHtml(table: FigureTable): SafeHtml {
  const group = (label: string, figures: Figure[]) => html`<tbody>
<tr><th scope="rowgroup" colspan="2" class="insights-group">${label}</th></tr>
${table.columns.map((column, c) => html`<tr><th scope="row">${column.label}</th><td class="n">${shown(figures[c]!, column.unit === 'percent')}</td></tr>`)}
</tbody>`;
  return html`<table class="insights-table insights-funnel" id="${table.id}-table">
<caption>${table.title}</caption>
<thead><tr><th scope="col">${table.rowHeader}, step</th><th scope="col" class="n">Figure</th></tr></thead>
${table.rows.map((row, r) => group(row.label, table.figures[r]!))}
${group('All', table.totals)}
</table>`;
}

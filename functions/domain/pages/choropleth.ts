// A choropleth of the city's areas as server-rendered SVG: each area shaded by its published figure, in
// steps of the city's primary colour, with a legend; a withheld figure is hatched and said to be withheld,
// never shaded as if it were small. Areas are GeoJSON polygons in longitude/latitude, drawn with an
// equirectangular projection scaled by the cosine of the middle latitude, which is true enough at a
// city's scale. The figures are also in the table the page sets beside the map (charts are never the only
// way to read a figure); the SVG names that table in its description.
import type { Figure } from '../disclosure';
import { html, type SafeHtml } from './html';
import { mix, parseHexColour, toHex, WHITE, type Rgb } from './colour';

/** A ring of [longitude, latitude] positions, as GeoJSON writes them. */
type Ring = readonly (readonly [number, number])[];

export interface MapArea {
  code: string;
  name: string;
  /** GeoJSON Polygon or MultiPolygon coordinates. */
  geometry: { type: 'Polygon'; coordinates: readonly Ring[] } | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };
  figure: Figure;
}

export interface ChoroplethOptions {
  /** What the map shows, e.g. "Badges earned in 2026, by area". */
  title: string;
  /** The id of the table with the same figures, which the map's description points to. */
  tableId: string;
  /** The city's primary colour: the darkest step. */
  colour: string;
  width?: number;
  /** Shading steps (classes of equal width up to the largest figure). */
  steps?: number;
}

const polygonsOf = (area: MapArea): readonly (readonly Ring[])[] => (area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates);

/** Class boundaries: `steps` classes of equal width from 0 to the largest published figure, rounded up to a multiple of 5. */
export function classBreaks(figures: readonly Figure[], steps: number): number[] {
  const largest = Math.max(0, ...figures.filter((f): f is number => f !== 'withheld'));
  const top = Math.max(5 * steps, Math.ceil(largest / (5 * steps)) * 5 * steps);
  return Array.from({ length: steps }, (_, i) => ((i + 1) * top) / steps);
}

export function renderChoropleth(areas: readonly MapArea[], options: ChoroplethOptions): SafeHtml {
  const width = options.width ?? 640;
  const steps = options.steps ?? 5;
  const points = areas.flatMap((a) => polygonsOf(a).flatMap((polygon) => polygon.flat()));
  const lngs = points.map(([lng]) => lng);
  const lats = points.map(([, lat]) => lat);
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const xScale = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const margin = 8;
  const spanX = Math.max((east - west) * xScale, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const mapHeight = spanY * scale + 2 * margin;
  const project = ([lng, lat]: readonly [number, number]) => `${(margin + (lng - west) * xScale * scale).toFixed(1)},${(margin + (north - lat) * scale).toFixed(1)}`;
  const pathOf = (area: MapArea) =>
    polygonsOf(area)
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(project).join('L')}Z`))
      .join('');

  const dark = parseHexColour(options.colour) ?? { r: 0, g: 90, b: 156 };
  const breaks = classBreaks(
    areas.map((a) => a.figure),
    steps,
  );
  // Step 0 is a pale tint, the last the city's colour itself.
  const shade = (step: number): Rgb => mix(WHITE, dark, 0.15 + (0.85 * step) / Math.max(1, steps - 1));
  const stepOf = (value: number) => Math.max(0, breaks.findIndex((limit) => value <= limit));
  const fill = (figure: Figure) => (figure === 'withheld' ? 'url(#withheld)' : toHex(shade(stepOf(figure))));

  const legendTop = mapHeight + 8;
  const box = 16;
  const legendRows = steps + 1;
  const height = legendTop + legendRows * (box + 6) + 4;
  const id = options.tableId;
  const describe = (area: MapArea) => `${area.name}: ${area.figure === 'withheld' ? 'withheld (too few to publish)' : area.figure}`;
  return html`<svg class="choropleth" viewBox="0 0 ${width} ${height.toFixed(0)}" role="img" aria-labelledby="${id}-map-title ${id}-map-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-map-title">${options.title}</title>
<desc id="${id}-map-desc">A map of the city's areas, each shaded by its figure; the same figures are in the table "${options.title}" beside it.</desc>
<defs><pattern id="withheld" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="2"/></pattern></defs>
${areas.map((area) => html`<path d="${pathOf(area)}" fill="${fill(area.figure)}" stroke="#1a1a1a" stroke-width="1"><title>${describe(area)}</title></path>`)}
<g class="legend" font-size="13" font-family="inherit" fill="#1a1a1a">
${breaks.map((limit, step) => {
  const y = legendTop + step * (box + 6);
  const from = step === 0 ? 0 : breaks[step - 1]! + 1;
  return html`<rect x="${margin}" y="${y}" width="${box}" height="${box}" fill="${toHex(shade(step))}" stroke="#1a1a1a"/><text x="${margin + box + 8}" y="${y + box - 3}">${from} to ${limit}</text>`;
})}
<rect x="${margin}" y="${legendTop + steps * (box + 6)}" width="${box}" height="${box}" fill="url(#withheld)" stroke="#1a1a1a"/><text x="${margin + box + 8}" y="${legendTop + steps * (box + 6) + box - 3}">withheld: too few to publish</text>
</g>
</svg>`;
}

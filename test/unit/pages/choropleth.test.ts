// The choropleth: areas drawn where they are, shaded by their figure in steps of the city's colour, a
// withheld figure hatched (never shaded as small), every area named with its figure, and the table
// beside it named in the description.
import { describe, expect, it } from 'vitest';
import { classBreaks, renderChoropleth, type MapArea } from '../../../functions/domain/pages/choropleth';

const square = (west: number, south: number, size = 0.01): MapArea['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ],
});

const areas: MapArea[] = [
  { code: 'W1', name: 'Northfield', geometry: square(-1.9, 52.5), figure: 120 },
  { code: 'W2', name: 'Riverside', geometry: square(-1.89, 52.5), figure: 'withheld' },
  { code: 'W3', name: 'Eastside & Mill <Lane>', geometry: square(-1.88, 52.5), figure: 0 },
];

describe('renderChoropleth', () => {
  const svg = renderChoropleth(areas, { title: 'Badges earned, by area', tableId: 'by-area', colour: '#005a9c' }).markup;

  it('draws one shape per area, each named with its figure, escaping names', () => {
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('<title>Northfield: 120</title>');
    expect(svg).toContain('<title>Riverside: withheld (too few to publish)</title>');
    expect(svg).toContain('Eastside &amp; Mill &lt;Lane&gt;: 0');
  });

  it('hatches a withheld figure and shades the largest in the city colour', () => {
    expect(svg).toMatch(/<path d="[^"]+" fill="url\(#withheld\)"/);
    expect(svg).toMatch(/<path d="[^"]+" fill="#005a9c"/);
  });

  it('is an image labelled by its title and a description naming the table beside it', () => {
    expect(svg).toContain('role="img" aria-labelledby="by-area-map-title by-area-map-desc"');
    expect(svg).toContain('the same figures are in the table "Badges earned, by area" beside it');
  });

  it('keeps the map the shape of the place: west to east across, north at the top', () => {
    const starts = [...svg.matchAll(/<path d="M([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
    expect(starts[0]).toBeLessThan(starts[1]!);
    expect(starts[1]).toBeLessThan(starts[2]!);
  });

  it('makes legend steps of equal width up to the largest figure, in multiples of 5', () => {
    expect(classBreaks([120, 'withheld', 0], 5)).toEqual([25, 50, 75, 100, 125]);
    expect(classBreaks(['withheld'], 4)).toEqual([5, 10, 15, 20]);
  });
});

import { describe, expect, it } from 'vitest';
import { renderDefaultBadgeSvg } from '../../../functions/domain/pages/default-badge-svg';

const demoColours = { primaryColour: '#1b4f72', secondaryColour: '#f39c12' };

/**
 * A small well-formedness check for the SVG we generate: one root, every tag closed in order, attributes
 * double-quoted, and text holding no `<` or bare `&`. Returns the element names in document order.
 */
function checkWellFormed(svg: string): string[] {
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  const open: string[] = [];
  const names: string[] = [];
  let consumed = 0;
  for (const match of svg.matchAll(token)) {
    consumed += match[0].length;
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      expect(open.length, 'text outside the root').toBeGreaterThan(0);
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    } else if (closing) {
      expect(open.pop(), `</${name}>`).toBe(name);
    } else {
      if (names.length > 0) expect(open.length, `<${name}> outside the root`).toBeGreaterThan(0);
      names.push(name!);
      if (!selfClosing) open.push(name!);
    }
  }
  expect(consumed, 'unparsed markup').toBe(svg.length);
  expect(open).toEqual([]);
  return names;
}

describe('renderDefaultBadgeSvg', () => {
  it('is a small, standalone, well-formed SVG with a title', () => {
    const svg = renderDefaultBadgeSvg({ name: 'Community Gardening', ...demoColours, label: 'Builder' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="512" height="512" viewBox="0 0 512 512" role="img">/);
    const names = checkWellFormed(svg);
    expect(names.slice(0, 2)).toEqual(['svg', 'title']);
    expect(svg).toContain('<title>Community Gardening</title>');
    expect(svg).toContain('>Community</tspan>');
    expect(svg).toContain('>BUILDER</text>');
    expect(svg).toContain('fill="#1b4f72"');
    expect(Buffer.byteLength(svg)).toBeLessThan(4096);
  });

  it('XML-escapes every piece of text and drops characters XML cannot carry', () => {
    const name = `<script>"Tom" & 'Jerry'</script>\u0000\u0007`;
    const svg = renderDefaultBadgeSvg({ name, ...demoColours, label: `<b>"&"</b>` });
    checkWellFormed(svg);
    expect(svg).not.toMatch(/<script|<b>/);
    expect([...svg].filter((c) => c < ' ' && c !== '\n')).toEqual([]);
    expect(svg).toContain('<title>&lt;script&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/script&gt;</title>');
  });

  it('keeps brand colours that are not colours out of the markup', () => {
    const svg = renderDefaultBadgeSvg({ name: 'X', primaryColour: '"/><script>alert(1)</script>', secondaryColour: 'red' });
    checkWellFormed(svg);
    expect(svg).not.toContain('script');
    expect([...svg.matchAll(/(?:fill|stroke)="([^"]*)"/g)].map(([, colour]) => colour).filter((c) => c !== 'none' && !/^#[0-9a-f]{6}$/.test(c!))).toEqual([]);
  });

  it('wraps a short title onto at most three lines and falls back to initials for a long one', () => {
    const wrapped = renderDefaultBadgeSvg({ name: 'Digital making for beginners', ...demoColours });
    expect([...wrapped.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map(([, line]) => line)).toEqual(['Digital making', 'for beginners']);
    const long = renderDefaultBadgeSvg({ name: 'Introduction to Sustainable Urban Food Growing and Composting', ...demoColours });
    expect([...long.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map(([, line]) => line)).toEqual(['ISU']);
    expect(renderDefaultBadgeSvg({ name: 'Supercalifragilisticexpialidocious', ...demoColours })).toContain('>S</tspan>');
  });

  it('shortens a long ribbon label and picks readable text colours on the brand colours', () => {
    const svg = renderDefaultBadgeSvg({ name: 'Coding', primaryColour: '#ffe600', secondaryColour: '#222222', label: 'A label far too long for any ribbon' });
    expect(svg).toContain('>A LABEL FAR TOO LONG…</text>');
    expect(svg).toMatch(/fill="#111111" text-anchor="middle"><tspan/); // dark title on yellow
    expect(svg).toMatch(/fill="#ffffff" text-anchor="middle">A LABEL/); // light label on near-black
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const input = { name: 'Teamwork 🌱', ...demoColours, label: 'Explorer' };
    expect(renderDefaultBadgeSvg(input)).toBe(renderDefaultBadgeSvg({ ...input }));
  });
});

import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, parseHexColour, readableTextOn, type Rgb, toHex, withContrast } from '../../../functions/domain/pages/colour';
import { brandTheme, PAGE_BACKGROUND, STATUS_COLOURS } from '../../../functions/domain/pages/theme';

const rgb = (hex: string) => parseHexColour(hex)!;
const WHITE = rgb('#ffffff');

/** Every colour on a 16-step grid per channel: 4096 colours, from black to white. */
const GRID: Rgb[] = [];
for (let r = 0; r <= 255; r += 17) for (let g = 0; g <= 255; g += 17) for (let b = 0; b <= 255; b += 17) GRID.push({ r, g, b });

describe('colour', () => {
  it('parses and normalises hex colours and nothing else', () => {
    expect(parseHexColour('#1B4F72')).toEqual({ r: 27, g: 79, b: 114 });
    expect(parseHexColour('#fa0')).toEqual({ r: 255, g: 170, b: 0 });
    expect(toHex(rgb('#1B4F72'))).toBe('#1b4f72');
    for (const bad of ['red', '#12345', '#1234567', 'rgb(0,0,0)', '#00000g', '#000;}</style><script>']) expect(parseHexColour(bad), bad).toBeUndefined();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio(WHITE, rgb('#000000'))).toBeCloseTo(21, 5);
    expect(contrastRatio(rgb('#777777'), WHITE)).toBeCloseTo(4.48, 2);
    expect(contrastRatio(WHITE, rgb('#777777'))).toBe(contrastRatio(rgb('#777777'), WHITE));
  });

  it('picks a text colour that reaches AA on any background', () => {
    expect(toHex(readableTextOn(rgb('#1b4f72')))).toBe('#ffffff');
    expect(toHex(readableTextOn(rgb('#f39c12')))).toBe('#111111');
    expect(toHex(readableTextOn(rgb('#777777')))).toBe('#000000'); // too light for white, too dark for near-black
    for (const background of GRID) expect(contrastRatio(readableTextOn(background), background)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('shades a brand colour only as far as it must to read on a background', () => {
    expect(toHex(withContrast(rgb('#1b4f72'), PAGE_BACKGROUND, AA_TEXT))).toBe('#1b4f72');
    const yellow = withContrast(rgb('#ffe600'), PAGE_BACKGROUND, AA_TEXT);
    expect(contrastRatio(yellow, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(yellow.r).toBeGreaterThan(yellow.b); // still a (dark) yellow, not black
    for (const colour of GRID) expect(contrastRatio(withContrast(colour, PAGE_BACKGROUND, AA_TEXT), PAGE_BACKGROUND)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('gives every city a theme whose text reads, whatever its brand colours', () => {
    for (const colour of GRID.filter((_, i) => i % 7 === 0)) {
      const theme = brandTheme({ primaryColour: toHex(colour), secondaryColour: toHex({ r: colour.b, g: colour.r, b: colour.g }) });
      expect(contrastRatio(rgb(theme.onPrimary), rgb(theme.primary))).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(rgb(theme.onSecondary), rgb(theme.secondary))).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(rgb(theme.onTint), rgb(theme.tint))).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(rgb(theme.link), PAGE_BACKGROUND)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(rgb(theme.link), WHITE)).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });

  it('falls back to its own colours when a brand colour is not a colour, so nothing reaches the stylesheet', () => {
    const theme = brandTheme({ primaryColour: 'red;}</style><script>alert(1)</script>', secondaryColour: 'url(javascript:x)' });
    for (const colour of Object.values(theme)) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('keeps the verification colours readable: text on the box, the icon on its disc, the border against the box', () => {
    for (const { background, border, text } of Object.values(STATUS_COLOURS)) {
      expect(contrastRatio(rgb(text), rgb(background))).toBeGreaterThanOrEqual(7);
      expect(contrastRatio(WHITE, rgb(border))).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(rgb(border), rgb(background))).toBeGreaterThanOrEqual(3);
    }
  });
});

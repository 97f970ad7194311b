// Colour maths for branding we do not control: a city may pick any brand colours, so text colours are
// computed from WCAG 2.x contrast ratios instead of trusted. Colours leave this module only as
// normalised `#rrggbb`, which is also what keeps them from injecting anything into a stylesheet.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** WCAG AA for body text. */
export const AA_TEXT = 4.5;

export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const NEAR_BLACK: Rgb = { r: 17, g: 17, b: 17 };

export function parseHexColour(value: string): Rgb | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return undefined;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((c) => c + c).join('') : match[1]!;
  const channel = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return { r: channel(0), g: channel(2), b: channel(4) };
}

export const toHex = ({ r, g, b }: Rgb): string =>
  '#' + [r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('');

function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Text colour for a background: white when it reaches AA, else near-black, else black. Some colour
 * always does: a background too light for white (ratio < 4.5) is at least 4.67:1 against black.
 */
export function readableTextOn(background: Rgb): Rgb {
  return [WHITE, NEAR_BLACK].find((text) => contrastRatio(text, background) >= AA_TEXT) ?? BLACK;
}

/** `amount` (0..1) of the way from one colour to another, in whole channels like toHex emits. */
export const mix = (from: Rgb, to: Rgb, amount: number): Rgb => ({
  r: Math.round(from.r + (to.r - from.r) * amount),
  g: Math.round(from.g + (to.g - from.g) * amount),
  b: Math.round(from.b + (to.b - from.b) * amount),
});

/**
 * The colour itself when it already contrasts enough with the background, else the least-changed
 * shade of it (towards black or white, whichever reaches the ratio) that does: brand hue, readable text.
 */
export function withContrast(colour: Rgb, background: Rgb, minRatio: number): Rgb {
  if (contrastRatio(colour, background) >= minRatio) return colour;
  const towards = contrastRatio(BLACK, background) >= contrastRatio(WHITE, background) ? BLACK : WHITE;
  for (let step = 1; step <= 20; step++) {
    const shade = mix(colour, towards, step / 20);
    if (contrastRatio(shade, background) >= minRatio) return shade;
  }
  return towards;
}

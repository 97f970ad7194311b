// A city's brand colours turned into the colours a page may actually use: whatever the city chose,
// text on the header, links and focus rings reach WCAG AA against what they sit on.
import { AA_TEXT, mix, parseHexColour, readableTextOn, type Rgb, toHex, WHITE, withContrast } from './colour';

export interface Branding {
  primaryColour: string;
  secondaryColour: string;
}

export interface Theme {
  primary: string;
  onPrimary: string;
  secondary: string;
  onSecondary: string;
  /** Links and focus rings: the primary colour, shaded until it reads on the page background. */
  link: string;
  /** Background of tag chips: a pale tint of the secondary colour. */
  tint: string;
  onTint: string;
}

/** The page background; the cards on it are white, which only raises every ratio computed against this. */
export const PAGE_BACKGROUND = parseHexColour('#f4f5f7')!;

// Used when a branding colour is not a hex colour at all, which validated city configs never have.
const FALLBACK_PRIMARY: Rgb = { r: 47, g: 59, b: 82 };
const FALLBACK_SECONDARY: Rgb = { r: 107, g: 114, b: 128 };

export function brandTheme(branding: Branding): Theme {
  const primary = parseHexColour(branding.primaryColour) ?? FALLBACK_PRIMARY;
  const secondary = parseHexColour(branding.secondaryColour) ?? FALLBACK_SECONDARY;
  const tint = mix(secondary, WHITE, 0.82);
  return {
    primary: toHex(primary),
    onPrimary: toHex(readableTextOn(primary)),
    secondary: toHex(secondary),
    onSecondary: toHex(readableTextOn(secondary)),
    link: toHex(withContrast(primary, PAGE_BACKGROUND, AA_TEXT)),
    tint: toHex(tint),
    onTint: toHex(readableTextOn(tint)),
  };
}

/**
 * The verification states' colours, fixed rather than branded so that green, red and amber keep their
 * meaning in every city. Each pairs with a word and an icon on the page: colour is never the only cue.
 */
export const STATUS_COLOURS = {
  valid: { background: '#e8f5ec', border: '#1c6e37', text: '#0d4a22' },
  revoked: { background: '#fdeceb', border: '#b3261e', text: '#7f1610' },
  expired: { background: '#fff4dc', border: '#9a5b00', text: '#5c3600' },
} as const;

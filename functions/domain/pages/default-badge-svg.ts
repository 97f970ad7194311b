// The badge image for badge classes that bring none: a hexagon in the city's colours with the badge's
// title (or, when the title is too long to read at badge size, its initials) and an optional ribbon
// label. Same input, same bytes: a re-rendered image must be identical to the one already baked and stored.
import { BLACK, mix, parseHexColour, toHex } from './colour';
import { BIDI_CONTROLS } from './html';
import { brandTheme } from './theme';

export interface DefaultBadgeSvgInput {
  name: string;
  primaryColour: string;
  secondaryColour: string;
  /** A few words on a ribbon across the foot of the badge, such as a level or the city's name. */
  label?: string;
}

const SIZE = 512;
const CENTRE = SIZE / 2;
const FONT = 'Helvetica, Arial, sans-serif';
const MAX_LINE = 14;
const MAX_LINES = 3;
const MAX_LABEL = 22;

// Characters XML 1.0 cannot carry at all, not even as references: dropped, so the document stays well-formed.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string): string => text.replace(NOT_XML, '').replace(BIDI_CONTROLS, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** A pointy-topped hexagon's points around the centre, to one decimal place. */
function hexagon(radius: number): string {
  const half = (radius * Math.sqrt(3)) / 2;
  const points = [
    [0, -radius],
    [half, -radius / 2],
    [half, radius / 2],
    [0, radius],
    [-half, radius / 2],
    [-half, -radius / 2],
  ];
  return points.map(([x, y]) => `${round(CENTRE + x!)},${round(CENTRE + y!)}`).join(' ');
}

const round = (n: number) => String(Math.round(n * 10) / 10);

/** The title (whitespace already single spaces) in at most three short lines, or undefined when it does not fit. */
function wrapTitle(title: string): string[] | undefined {
  const lines: string[] = [];
  for (const word of title.split(' ').filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && [...`${last} ${word}`].length <= MAX_LINE) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 && lines.length <= MAX_LINES && lines.every((line) => [...line].length <= MAX_LINE) ? lines : undefined;
}

/** Up to three initials, from the capitalised words when there are any ("Introduction to Python" → "IP"). */
function initials(title: string): string {
  const firsts = title
    .split(' ')
    .map((word) => [...word][0])
    .filter((letter): letter is string => letter !== undefined && /[\p{L}\p{N}]/u.test(letter));
  const capitals = firsts.filter((letter) => /\p{Lu}/u.test(letter));
  return (capitals.length > 0 ? capitals : firsts).slice(0, 3).join('').toUpperCase();
}

function centredLines(lines: string[], fontSize: number, centreY: number, fill: string): string {
  const lineHeight = Math.round(fontSize * 1.12);
  // 0.35em below the middle puts a capital's optical centre on centreY without dominant-baseline.
  const firstBaseline = centreY - ((lines.length - 1) * lineHeight) / 2 + fontSize * 0.35;
  const spans = lines.map((line, i) => `<tspan x="${CENTRE}" y="${round(firstBaseline + i * lineHeight)}">${escapeXml(line)}</tspan>`);
  return `<text font-family="${FONT}" font-size="${fontSize}" font-weight="700" fill="${fill}" text-anchor="middle">${spans.join('')}</text>`;
}

function ribbon(label: string, fill: string, textFill: string): string {
  const chars = [...label.trim()];
  const text = chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('').trimEnd()}…` : chars.join('');
  const band = '24,338 488,338 470,370 488,402 24,402 42,370';
  return `<polygon points="${band}" fill="${fill}"/><text x="${CENTRE}" y="379" font-family="${FONT}" font-size="26" font-weight="700" letter-spacing="2" fill="${textFill}" text-anchor="middle">${escapeXml(text.toUpperCase())}</text>`;
}

function titleText(name: string, centreY: number, fill: string): string {
  const lines = wrapTitle(name);
  if (lines === undefined) {
    const letters = initials(name);
    return centredLines([letters], letters.length > 2 ? 128 : 150, centreY, fill);
  }
  // Bold sans letters average about 0.62em wide; 300 is what the inner hexagon leaves across its middle.
  const longest = Math.max(...lines.map((line) => [...line].length));
  return centredLines(lines, Math.min(72, Math.floor(300 / (longest * 0.62))), centreY, fill);
}

export function renderDefaultBadgeSvg(input: DefaultBadgeSvgInput): string {
  const theme = brandTheme(input);
  const name = input.name.replace(/\s+/g, ' ').trim();
  const label = input.label?.trim();
  // With a ribbon across the foot, the title moves up into the space left above it.
  const title = titleText(name, label ? 222 : CENTRE, theme.onPrimary);
  // A darker edge keeps the rim visible when the two brand colours are alike; a faint inner line in the text colour.
  const rimEdge = toHex(mix(parseHexColour(theme.secondary)!, BLACK, 0.3));
  const innerLine = toHex(mix(parseHexColour(theme.primary)!, parseHexColour(theme.onPrimary)!, 0.35));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img">`,
    `<title>${escapeXml(name)}</title>`,
    `<polygon points="${hexagon(246)}" fill="${theme.secondary}" stroke="${rimEdge}" stroke-width="4" stroke-linejoin="round"/>`,
    `<polygon points="${hexagon(218)}" fill="${theme.primary}"/>`,
    `<polygon points="${hexagon(194)}" fill="none" stroke="${innerLine}" stroke-width="4"/>`,
    title,
    label ? ribbon(label, theme.secondary, theme.onSecondary) : '',
    '</svg>',
  ].join('');
}

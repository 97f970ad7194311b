// Open Badges baking: the payload of an OB 2.0 assertion and/or an OB 3.0 credential, in and out of a
// PNG or SVG badge image. One entry point that takes and returns bytes; the format modules take their
// own types (Buffer for PNG, string for SVG).
import { BakingError } from './errors';
import type { BadgePayloads } from './payloads';
import { isPng } from './png-chunks';
import { bakePng, unbakePng } from './png';
import { bakeSvg, unbakeSvg } from './svg';

export { BakingError, type BakingErrorCode } from './errors';
export type { BadgePayloads, BadgeKeyword } from './payloads';
export { bakePng, unbakePng, type PngReadOptions } from './png';
export { bakeSvg, unbakeSvg } from './svg';

export type BadgeImageType = 'png' | 'svg';

export interface BadgeImage {
  type: BadgeImageType;
  data: Buffer;
}

export function bake(image: BadgeImage, payloads: BadgePayloads): Buffer {
  if (image.type === 'png') return bakePng(image.data, payloads);
  const svg = utf8Text(image.data);
  if (svg === undefined) throw new BakingError('unsupported-encoding', 'The SVG is not UTF-8 text');
  return Buffer.from(bakeSvg(svg, payloads), 'utf8');
}

/** Whatever is baked into a PNG or SVG image, the format told by its content. */
export function unbake(data: Buffer): BadgePayloads {
  if (isPng(data)) return unbakePng(data);
  const svg = utf8Text(data);
  if (svg === undefined || !looksLikeXml(svg)) throw new BakingError('unsupported-format', 'The image is neither a PNG nor an SVG');
  return unbakeSvg(svg);
}

// The BOM is kept, so that baking changes nothing outside the markup it adds.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8Text(data: Buffer): string | undefined {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** XML starts with `<`, after an optional BOM and whitespace; whether the root is svg is the SVG reader's to say. */
const looksLikeXml = (text: string) => /^\uFEFF?[ \t\r\n]*</.test(text);

// Checking an uploaded badge image: really a PNG or an SVG (parsed, not trusted by its Content-Type),
// not too large, and cleaned: what is stored and baked into every award is the image rebuilt from what
// draws it (image-cleaning/png.ts, image-cleaning/svg.ts), never the uploaded bytes.
import { cleanPng } from './image-cleaning/png';
import { cleanSvg } from './image-cleaning/svg';
import { DomainError, invalid } from './errors';
import { IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES, type ImageType } from './image-types';

export { MAX_PNG_DECODED_BYTES, MAX_PNG_DIMENSION } from './image-cleaning/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface CleanImage {
  type: ImageType;
  data: Buffer;
}

/** The image to store, or a 400 (413 when too large) saying what was wrong with the upload. */
export function cleanBadgeImage(data: Buffer, declaredType: string): CleanImage {
  if (data.length > MAX_IMAGE_BYTES) throw new DomainError('too-large', `A badge image may be at most ${MAX_IMAGE_BYTES / 1024} KB`);
  const type: ImageType = data.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : 'svg';
  if (IMAGE_CONTENT_TYPES[type] !== declaredType.split(';')[0]!.trim().toLowerCase()) {
    throw invalid([{ in: 'header', field: 'content-type', detail: `says ${declaredType} but the body is ${type === 'png' ? 'a PNG' : 'not a PNG'}` }]);
  }
  return { type, data: type === 'png' ? cleanPng(data) : cleanSvg(data) };
}

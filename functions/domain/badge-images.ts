// Checking an uploaded badge image: really a PNG or an SVG (parsed, not trusted by its Content-Type),
// not too large, and for SVG nothing that could run when the image is opened on its own.
import { unbake } from './baking';
import { DomainError, invalid } from './errors';

export const MAX_IMAGE_BYTES = 256 * 1024;
export const IMAGE_CONTENT_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;
export type ImageType = keyof typeof IMAGE_CONTENT_TYPES;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ACTIVE_SVG = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY/i;

export function checkBadgeImage(data: Buffer, declaredType: string): ImageType {
  if (data.length > MAX_IMAGE_BYTES) throw new DomainError('too-large', `A badge image may be at most ${MAX_IMAGE_BYTES / 1024} KB`);
  const type: ImageType = data.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : 'svg';
  if (IMAGE_CONTENT_TYPES[type] !== declaredType.split(';')[0]!.trim().toLowerCase()) {
    throw invalid([{ in: 'header', field: 'content-type', detail: `says ${declaredType} but the body is ${type === 'png' ? 'a PNG' : 'not a PNG'}` }]);
  }
  // Reading it as a badge image parses it whole: chunk structure and CRCs for PNG, an svg root for SVG.
  unbake(data);
  if (type === 'svg' && ACTIVE_SVG.test(data.toString('utf8'))) {
    throw invalid([{ in: 'body', field: '', detail: 'is an SVG with scripts, event handlers, foreign objects or entity declarations' }]);
  }
  return type;
}

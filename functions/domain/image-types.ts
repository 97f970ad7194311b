// The image types a badge or an opportunity picture may have, and their size limit: apart from the
// cleaning (badge-images.ts), so that the groups that only serve stored images do not load the PNG and
// SVG parsers at a cold start.
export const MAX_IMAGE_BYTES = 256 * 1024;
export const IMAGE_CONTENT_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;
export type ImageType = keyof typeof IMAGE_CONTENT_TYPES;

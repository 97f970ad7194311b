// Badge images in the city's bucket: class images by version, each award's baked image, PNG renditions
// of SVG class images (for share previews, made once), and opportunities' images.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { RENDITIONS_PREFIX } from '../../definitions/bucket';
import { bucket, s3 } from './client';

export const imageKeys = {
  badgeClass: (id: string, version: number, ext: 'png' | 'svg') => `badge-classes/${id}/v${version}.${ext}`,
  award: (awardId: string, ext: 'png' | 'svg') => `badges/${awardId}.${ext}`,
  /** A PNG rendition of a stored SVG image: keyed by the SVG's own key, which never changes content. */
  pngRendition: (svgKey: string) => `${RENDITIONS_PREFIX}${svgKey}.png`,
  /** A new key per upload, so that a cached old picture is never served under a new one's URL. */
  opportunity: (opportunityId: string, upload: string, ext: 'png' | 'svg') => `opportunities/${opportunityId}/${upload}.${ext}`,
};

export async function putImage(key: string, body: Buffer, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }));
}

const isMissing = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as Error).name);

/** The image, or undefined when there is none under that key. */
export async function findImage(key: string): Promise<Buffer | undefined> {
  try {
    return await getImage(key);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export async function getImage(key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`Empty object ${key}`);
  return Buffer.from(await Body.transformToByteArray());
}

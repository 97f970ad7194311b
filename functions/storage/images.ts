// Badge images in the city's bucket: class images by version, and each award's baked image.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { bucket, s3 } from './client';

export const imageKeys = {
  badgeClass: (id: string, version: number, ext: 'png' | 'svg') => `badge-classes/${id}/v${version}.${ext}`,
  award: (awardId: string, ext: 'png' | 'svg') => `badges/${awardId}.${ext}`,
};

export async function putImage(key: string, body: Buffer, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }));
}

export async function getImage(key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`Empty object ${key}`);
  return Buffer.from(await Body.transformToByteArray());
}

// Import files in the city's bucket: each upload (learners' emails: private, deleted once its job has
// finished) and each job's error report (masked emails only). Both under imports/, never served publicly.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { IMPORT_REPORTS_PREFIX, IMPORT_UPLOADS_PREFIX } from '../../definitions/bucket';
import { bucket, s3 } from './client';

export const importKeys = {
  upload: (jobId: string) => `${IMPORT_UPLOADS_PREFIX}${jobId}.csv`,
  report: (jobId: string) => `${IMPORT_REPORTS_PREFIX}${jobId}.csv`,
};

const isMissing = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as Error).name);

export async function putImportUpload(jobId: string, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: importKeys.upload(jobId), Body: body, ContentType: 'text/csv; charset=utf-8', CacheControl: 'no-store' }));
}

/** The uploaded bytes and the version read (so that exactly it can be deleted); undefined once deleted. */
export async function getImportUpload(jobId: string): Promise<{ bytes: Buffer; versionId?: string } | undefined> {
  try {
    const { Body, VersionId } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: importKeys.upload(jobId) }));
    if (!Body) throw new Error(`Empty object ${importKeys.upload(jobId)}`);
    return { bytes: Buffer.from(await Body.transformToByteArray()), ...(VersionId ? { versionId: VersionId } : {}) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * Deletes the upload. In the versioned bucket, deleting the version itself removes the data at once
 * (a plain delete would only hide it behind a delete marker until lifecycle expiry).
 */
export async function deleteImportUpload(jobId: string, versionId?: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: importKeys.upload(jobId), ...(versionId ? { VersionId: versionId } : {}) }));
}

export async function putImportReport(jobId: string, csv: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: importKeys.report(jobId), Body: csv, ContentType: 'text/csv; charset=utf-8', CacheControl: 'no-store' }));
}

export async function getImportReport(jobId: string): Promise<Buffer | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: importKeys.report(jobId) }));
    return Body ? Buffer.from(await Body.transformToByteArray()) : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

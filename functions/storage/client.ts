// The S3 client and badge-images bucket, created once per Lambda container. Locally the AWS SDK reaches
// s3rver through AWS_ENDPOINT_URL_S3 with path-style addressing.
import { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '../env';
import { BUCKET_NAME_ENV, S3_FORCE_PATH_STYLE_ENV } from '../../definitions/bucket';

export const s3 = new S3Client({
  forcePathStyle: process.env[S3_FORCE_PATH_STYLE_ENV] === 'true',
  // s3rver corrupts streamed uploads when the SDK adds its default CRC32 trailer; S3 accepts either.
  requestChecksumCalculation: 'WHEN_REQUIRED',
});

export const bucket = requiredEnv(BUCKET_NAME_ENV);

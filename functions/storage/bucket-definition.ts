// Names shared by the CDK construct that creates the badge-images bucket and the code that uses it.
export const BUCKET_NAME_ENV = 'BUCKET_NAME';
/** Set only by the local city: s3rver serves buckets by path, not by host name. */
export const S3_FORCE_PATH_STYLE_ENV = 'S3_FORCE_PATH_STYLE';

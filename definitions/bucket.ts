// Names shared by the CDK construct that creates the badge-images bucket and the code that uses it.
export const BUCKET_NAME_ENV = 'BUCKET_NAME';
/** Set only by the local city: s3rver serves buckets by path, not by host name. */
export const S3_FORCE_PATH_STYLE_ENV = 'S3_FORCE_PATH_STYLE';

/**
 * Import uploads (learners' emails) and their error reports. Never under `images/`, the one prefix the
 * public site serves from the bucket; the stack also denies CloudFront every object under `imports/`.
 */
export const IMPORTS_PREFIX = 'imports/';
export const IMPORT_UPLOADS_PREFIX = `${IMPORTS_PREFIX}uploads/`;
export const IMPORT_REPORTS_PREFIX = `${IMPORTS_PREFIX}reports/`;
/** PNG renditions of SVG badge images (share previews), made once by the badges group: the one prefix it writes. */
export const RENDITIONS_PREFIX = 'renditions/';
/** The worker deletes an upload once its job finishes; a lifecycle rule removes any left behind after this. */
export const IMPORT_UPLOAD_RETENTION_DAYS = 7;

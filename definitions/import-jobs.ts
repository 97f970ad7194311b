// Award imports as both the CDK construct (lib/constructs/import-jobs.ts) and the local city
// (local/city.ts, local/queue.ts) set them up: the queue, its worker and how long jobs are kept.
// Constants only: the CDK app imports this module.
export const IMPORT_QUEUE_URL_ENV = 'IMPORT_QUEUE_URL';
/** The SQS handler that processes import jobs. */
export const IMPORT_WORKER_ENTRY = 'functions/imports/worker.ts';
/**
 * One invocation works through the file for at most this long, then queues the rest of the job as a
 * new message: a job of any size advances in slices, each checkpointed.
 */
export const IMPORT_WORKER_TIMEOUT_SECONDS = 120;
/**
 * Lanes a job's chunks are dealt to: at most this many workers work on one file at once. The city's
 * `imports.maxWorkers` bounds the workers of all its jobs together.
 */
export const IMPORT_LANES = 4;
/** Deliveries of one message before it goes to the dead-letter queue; the last one fails the job instead. */
export const IMPORT_MAX_RECEIVES = 5;
/** How long a finished job, its row outcomes and its error report are kept (table TTL, bucket lifecycle). */
export const IMPORT_RETENTION_DAYS = 30;

// The system group's service: the readiness check behind GET /health?deep=true. Does the table
// answer, does the bucket answer?
// One GetItem of a fixed key (which need not exist) and one HeadBucket, in parallel, each given
// PROBE_TIMEOUT_MS; the function's role allows exactly these two and nothing else
// (definitions/routes.ts: `readiness`). Loaded only for a deep check, so plain /health stays cheap.
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { READINESS_PROBE_KEY } from '../../definitions/table';
import { db } from '../data/client';
import { logger } from '../http/logger';
import { s3 } from '../storage/client';

export const PROBE_TIMEOUT_MS = 2000;

export type Dependency = 'table' | 'bucket';
export type Readiness = Record<Dependency, 'ok' | 'failed'>;

async function probe(name: Dependency, send: (abortSignal: AbortSignal) => Promise<unknown>): Promise<'ok' | 'failed'> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The race decides, whether or not the request honours the abort (the SDK retries on its own).
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    }, PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([send(abort.signal), deadline]);
    return 'ok';
  } catch (error) {
    // What went wrong stays in the log: the answer says only which dependency failed.
    logger.warn('readiness probe failed', { dependency: name, error: (error as Error).name });
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness({ tableName, bucketName }: { tableName: string; bucketName: string }): Promise<Readiness> {
  const [tableState, bucketState] = await Promise.all([
    probe('table', (abortSignal) => db.send(new GetCommand({ TableName: tableName, Key: { ...READINESS_PROBE_KEY } }), { abortSignal })),
    probe('bucket', (abortSignal) => s3.send(new HeadBucketCommand({ Bucket: bucketName }), { abortSignal })),
  ]);
  return { table: tableState, bucket: bucketState };
}

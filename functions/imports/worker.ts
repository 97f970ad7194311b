// The import worker: an SQS handler (the import queue in AWS, the local city's stand-in locally) that
// advances one job per message (runImportSlice). A slice that throws is retried: the message comes
// back after a backoff and the job resumes from its checkpoint. On the message's last delivery the job
// is failed instead, with the reason, so that its provider is not left watching a job that never ends.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../http/logger';
import { flushMetrics } from '../http/observability';
import { ImportMessageSchema, retryMessageIn } from './queue';
import { IMPORT_MAX_RECEIVES } from '../../definitions/import-jobs';
import { failAfterRetries, runImportSlice } from '../services/import-runs';

/** Seconds until a failed message is delivered again: 15, 30, 60, 120, at most 300. */
export const retryDelaySeconds = (receives: number) => Math.min(15 * 2 ** (receives - 1), 300);

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const parsed = ImportMessageSchema.safeParse((() => {
      try {
        return JSON.parse(record.body) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) {
      // Nothing to retry: a message that names no job never will.
      logger.error('unreadable import message dropped', { messageId: record.messageId });
      continue;
    }
    const { importId, lane } = parsed.data;
    const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
    const lastAttempt = receives >= IMPORT_MAX_RECEIVES;
    try {
      const result = await runImportSlice(parsed.data, { remainingMs: () => context.getRemainingTimeInMillis(), lastAttempt });
      logger.info('import slice', { importId, lane, result, receives });
    } catch (error) {
      logger.error('import slice failed', { importId, lane, receives, error: error as Error });
      if (lastAttempt) {
        // A failure recorded on the job is reported there; one that could not be recorded goes to the
        // dead-letter queue, from which a redrive resumes the job at its checkpoint.
        const recorded = await failAfterRetries(importId, `Processing failed ${IMPORT_MAX_RECEIVES} times; upload the file again to retry the rest`).then(
          () => true,
          (failure: unknown) => (logger.error('could not mark the import failed', { importId, error: failure as Error }), false),
        );
        if (!recorded) batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      await retryMessageIn(record.receiptHandle, retryDelaySeconds(receives)).catch(() => undefined);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  flushMetrics();
  return { batchItemFailures };
}

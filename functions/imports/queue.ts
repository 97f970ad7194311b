// The import queue (SQS FIFO in AWS; the local city's stand-in speaks the same protocol). A message only
// names a job and one of its lanes: the file and progress are in the bucket and the table. One message
// group per lane, so a lane's messages are processed one at a time, in order, and a job's lanes at once.
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { requiredEnv } from '../env';
import { IMPORT_QUEUE_URL_ENV } from '../../definitions/import-jobs';

const sqs = new SQSClient({});
const queueUrl = requiredEnv(IMPORT_QUEUE_URL_ENV);

// Messages from before lanes name no lane: theirs is lane 0.
export const ImportMessageSchema = z.object({ importId: z.string(), lane: z._default(z.number().check(z.int(), z.minimum(0)), 0) });
export type ImportMessage = z.infer<typeof ImportMessageSchema>;

/**
 * Queues (the rest of) a lane of a job, from row `from`. The deduplication id is the lane and its
 * checkpoint, so a repeated send of the same slice within SQS's five-minute window is dropped, and the
 * next slice is not.
 */
export async function enqueueImport(importId: string, lane: number, from: number): Promise<void> {
  const body: ImportMessage = { importId, lane };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageGroupId: `${importId}-${lane}`,
      MessageDeduplicationId: `${importId}-${lane}-${from}`,
    }),
  );
}

/** When a message that failed is delivered again: sooner than the queue's visibility timeout. */
export async function retryMessageIn(receiptHandle: string, seconds: number): Promise<void> {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
}

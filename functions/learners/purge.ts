// The scheduled purge: every account the deletion index lists as due (functions/data/learners.ts,
// pattern 43a) is read again, strongly consistent, and deleted as a learner's own deletion does
// (functions/services/account-deletion.ts) if it is still due: an under-13's account waiting for a
// guardian past its 7 days, or one whose deletion was cut short. Never on a request path; one Query of
// one index partition, no Scan. A failure leaves the account listed, for the next run.
import type { Context } from 'aws-lambda';
import { logger } from '../http/logger';
import { purgeDueAccounts, type PurgeResult } from '../services/account-deletion';

/** The schedule's target (EventBridge in AWS, the local city's timer): fails the run if any account failed, so the alarm sees it. */
export async function handler(_event: unknown, context: Context): Promise<PurgeResult> {
  logger.addContext(context);
  const result = await purgeDueAccounts();
  if (result.deleted || result.failed) logger.info('learner purge', { ...result });
  if (result.failed) throw new Error(`${result.failed} account(s) due for deletion could not be deleted; the next run tries again`);
  return result;
}

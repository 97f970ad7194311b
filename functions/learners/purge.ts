// The scheduled purge: every account the deletion index lists as due (functions/data/learners.ts,
// pattern 43a) is read again, strongly consistent, and deleted as a learner's own deletion does
// (functions/services/account-deletion.ts) if it is still due: an under-13's account waiting for a
// guardian past its 7 days, or one whose deletion was cut short. Never on a request path; one Query of
// one index partition, no Scan. A failure leaves the account listed, for the next run.
import type { Context } from 'aws-lambda';
import { LEARNER_PURGE_BATCH } from '../../definitions/learner-purge';
import { getLearner, learnersDueForDeletion } from '../data/learners';
import { deletionDue } from '../domain/learners';
import { logger } from '../http/logger';
import { deleteAccount } from '../services/account-deletion';

export interface PurgeResult {
  deleted: number;
  failed: number;
}

export async function purgeDueAccounts(now = new Date()): Promise<PurgeResult> {
  const result: PurgeResult = { deleted: 0, failed: 0 };
  for (const learnerId of await learnersDueForDeletion(now, LEARNER_PURGE_BATCH)) {
    const account = await getLearner(learnerId);
    const due = account && deletionDue(account);
    // Consented (or deleted) since the index was written: nothing to do.
    if (!account || !due || due > now.toISOString()) continue;
    try {
      await deleteAccount(learnerId, 'city', now);
      result.deleted++;
    } catch (error) {
      // One account's failure does not hold back the others; it stays listed for the next run.
      result.failed++;
      logger.error('an account due for deletion could not be deleted yet', { learnerId, error: (error as Error).message });
    }
  }
  return result;
}

/** The schedule's target (EventBridge in AWS, the local city's timer): fails the run if any account failed, so the alarm sees it. */
export async function handler(_event: unknown, context: Context): Promise<PurgeResult> {
  logger.addContext(context);
  const result = await purgeDueAccounts();
  if (result.deleted || result.failed) logger.info('learner purge', { ...result });
  if (result.failed) throw new Error(`${result.failed} account(s) due for deletion could not be deleted; the next run tries again`);
  return result;
}

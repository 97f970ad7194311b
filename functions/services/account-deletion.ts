// Deleting a learner's account: the one way, whoever asks (the learner, their guardian, or the city
// purging an under-13's account the guardian never agreed to). First the account is marked `deleting`
// (it signs nobody in from then, and the deletion index lists it as due now); then its sessions, its
// users in the sign-in provider, the claim uses it held, everything else of it; then the audit entry;
// the account item last. Every step is idempotent and the account lists what is left, so a deletion
// cut short anywhere is finished by running it again: the scheduled purge (functions/learners/purge.ts)
// does that for every account still marked.
import { putAuditEntry } from '../data/audit';
import { releaseClaimUse } from '../data/claim-codes';
import { deleteLearnerSessions } from '../data/learner-sessions';
import { LEARNER_PURGE_BATCH } from '../../definitions/learner-purge';
import { deleteLearnerAccount, deleteLearnerParts, getLearner, learnersDueForDeletion, listPendingClaims, updateLearner } from '../data/learners';
import { deletionDue, type LearnerAccount } from '../domain/learners';
import { logger } from '../http/logger';

export type DeletedBy = NonNullable<LearnerAccount['deletion']>['by'];

const NOTES: Record<DeletedBy, string> = {
  learner: 'Learner account deleted by the learner',
  guardian: 'Learner account deleted by the guardian',
  city: 'Learner account deleted by the city: an under-13’s account whose guardian did not agree within 7 days of the last request',
};

/** Marks the account `deleting`, once: false when it is gone. A second request finds it marked and goes on. */
async function markDeleting(learnerId: string, by: DeletedBy, now: Date): Promise<LearnerAccount | undefined> {
  for (;;) {
    const account = await getLearner(learnerId);
    if (!account || account.status === 'deleting') return account;
    const at = now.toISOString();
    const marked: LearnerAccount = { ...account, status: 'deleting', deletion: { by, requestedAt: at }, updatedAt: at };
    if (await updateLearner(marked, account.updatedAt)) return marked;
  }
}

/** Deletes the account and everything of it; awards stay, the providers' records, linked to no account. Safe to run again. */
export async function deleteAccount(learnerId: string, by: DeletedBy, now = new Date()): Promise<void> {
  const account = await markDeleting(learnerId, by, now);
  if (!account) return;
  const { deletion } = account;
  await deleteLearnerSessions(learnerId);
  if (account.signInUsers?.length) {
    // The user pool's client (Cognito, in AWS) serves this step alone: loaded here, not at a cold start.
    const { deleteSignInUser } = await import('../auth/sign-in-users');
    for (const user of account.signInUsers) await deleteSignInUser(user);
  }
  // Uses held for an under-13 who never got consent go back to their codes.
  for (const claim of await listPendingClaims(learnerId)) await releaseClaimUse(claim.codeHash, claim.recipientKey);
  await deleteLearnerParts(account);
  // Keyed by the learner and the time deletion was asked for: a run that finishes a cut-short one writes the same entry.
  await putAuditEntry({
    at: deletion!.requestedAt,
    requestId: `delete-${learnerId}`,
    role: deletion!.by,
    keyPrefix: '-',
    route: { learner: 'POST /account/delete', guardian: 'POST /guardian', city: 'scheduled learner purge' }[deletion!.by],
    path: `/learners/${learnerId}`,
    status: 200,
    note: `${NOTES[deletion!.by]}: sign-in identity and the sign-in provider's users, addresses, profile, consents, sessions and held claims. Awards stay as the providers' records under their hashed recipients, linked to no account.`,
  });
  await deleteLearnerAccount(learnerId);
}

export interface PurgeResult {
  deleted: number;
  failed: number;
}

/** The scheduled purge's run (functions/learners/purge.ts): every account due by `now`, read again before acting. */
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

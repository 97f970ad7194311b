// The badges saved for an under-13 until their guardian agrees (the holds of functions/services/claiming.ts,
// docs/data-model.md 47a), named as the guardian's page shows them: which badge, from whom, at which
// event, when. Reads only, by key; loads nothing that awards, so the learners group (which serves the
// guardian's link) needs no signing grant for it.
import { getBadgeClass } from '../data/badge-classes';
import { getClaimCode, getClaimSet } from '../data/claim-codes';
import { listPendingClaims } from '../data/learners';
import { getProvider } from '../data/providers';
import { claimSetState } from '../domain/claim-codes';
import type { GuardianHeldBadge } from '../domain/pages/learner-pages';

/**
 * The badges held for a learner, newest first, so that the guardian knows what agreeing releases: each
 * hold's code names its set, the set its badge class and provider (reads by key only). A hold whose set,
 * class or provider is gone names nothing and would award nothing, so it is not listed.
 */
export async function heldBadges(learnerId: string, now: Date): Promise<GuardianHeldBadge[]> {
  const held: GuardianHeldBadge[] = [];
  for (const hold of await listPendingClaims(learnerId)) {
    const stored = await getClaimCode(hold.codeHash);
    const set = stored && (await getClaimSet(stored.setId));
    if (!set) continue;
    const [badgeClass, provider] = await Promise.all([getBadgeClass(set.badgeClassId), getProvider(set.issuerId)]);
    if (!badgeClass || !provider) continue;
    const state = badgeClass.status === 'archived' ? 'archived' : claimSetState(set, now);
    held.push({
      badgeName: badgeClass.name,
      providerName: provider.name,
      occasion: set.label,
      savedAt: hold.reservedAt,
      byGuardian: hold.byGuardian,
      ...(state !== 'active' ? { lapsed: state } : {}),
    });
  }
  return held.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

// A learner claims a badge with a code: the code is checked (known, its set active, the attempt within
// the code's rate), a use of it is reserved for the learner, and the badge is awarded through the one
// awarding service under an id derived from the badge class and the learner, so a learner holds it once
// however often they scan, and a claim cut short is finished by scanning again. The use is recorded in
// the audit log, naming the set and the award (never the code, never the learner). The award's email is
// written in its own transaction as every award's is: the request carries the claimant's address
// (functions/services/learner-addresses.ts, `claimantAddress`), so a second scan, awarding nothing, sends nothing.
import { readCity } from '../../definitions/city-env';
import { cityKey } from '../auth/city-secret';
import { putAuditEntry } from '../data/audit';
import { heldAward } from '../data/awards';
import { getBadgeClass } from '../data/badge-classes';
import { getClaimCode, getClaimSet, releaseClaimUse, reserveClaimUse, type UseResult } from '../data/claim-codes';
import { deletePendingClaim, getLearner, listPendingClaims, putPendingClaim } from '../data/learners';
import { getProvider } from '../data/providers';
import { takeRateToken } from '../data/rate-limits';
import { derivedAwardId, isRepeatable } from '../domain/awards';
import type { BadgeClass } from '../domain/badge-classes';
import { claimCodeHash, claimSetState, type ClaimSet } from '../domain/claim-codes';
import { DomainError } from '../domain/errors';
import { awardOnce } from './awarding';
import { claimantAddress } from './learner-addresses';
import { recipientKey } from './recipients';

const { baseUrl } = readCity();

/** Claims one code may take a minute: a crowd at an event's door, not a script emptying a leaked code. */
export const CLAIMS_PER_CODE_PER_MINUTE = 120;
/** Tries at reserving a use when other learners' uses of the same code conflict. */
const RESERVE_ATTEMPTS = 12;

/** One message for every code that claims nothing, whatever the reason, so codes cannot be probed. */
export const UNKNOWN_CODE = 'This claim code is not valid';

/** Who claims: the signed-in learner's verified address, or a guardian's child's. */
export interface Claimant {
  /** The verified address the badge goes to (used for the keyed hash and the award's recipient, never stored). */
  email: string;
  /** A guardian claiming for a child under 13 (codes made `forGuardians` take only these). */
  asGuardian: boolean;
  /**
   * The learner (an under-13) whose guardian has not agreed yet: the use is reserved and held in their
   * account, and the badge claimed when the guardian agrees (`claimHeldBadges`), not before.
   */
  holdFor?: string;
}

/** A code, as the claim page shows it before anyone claims. */
export interface ClaimOffer {
  set: ClaimSet;
  badgeClass: BadgeClass;
  providerName: string;
  state: 'active' | 'revoked' | 'expired' | 'used-up' | 'archived';
}

async function codeAndSet(code: string | { hash: string }) {
  const hash = typeof code === 'string' ? claimCodeHash(code) : code.hash;
  const stored = await getClaimCode(hash);
  const set = stored && (await getClaimSet(stored.setId));
  if (!stored || !set) throw new DomainError('not-found', UNKNOWN_CODE);
  return { hash, stored, set };
}

/** What a code would claim, and whether it can now. Reads only: a page view uses nothing. */
export async function claimOffer(code: string, now: Date): Promise<ClaimOffer> {
  const { stored, set } = await codeAndSet(code);
  const badgeClass = await getBadgeClass(set.badgeClassId);
  const provider = await getProvider(set.issuerId);
  if (!badgeClass || !provider) throw new DomainError('not-found', UNKNOWN_CODE);
  const setState = claimSetState(set, now);
  const state = badgeClass.status === 'archived' ? 'archived' : setState !== 'active' ? setState : stored.uses >= stored.usesPerCode ? 'used-up' : 'active';
  return { set, badgeClass, providerName: provider.name, state };
}

export type ClaimOutcome =
  /** This claim (or an earlier scan's) made the award. */
  | { status: 'claimed'; awardId: string }
  /** The learner held this badge already (awarded some other way): the code was not used. */
  | { status: 'held'; awardId: string }
  /** Reserved for an under-13 until their guardian agrees: no badge yet. */
  | { status: 'held-for-consent' };

const gone = (why: string) => new DomainError('gone', why);

async function reserve(hash: string, recipient: string, badgeClassId: string, now: Date): Promise<UseResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The badge class lets the insights consumer count the claim (functions/services/insights-counting.ts).
      return await reserveClaimUse(hash, recipient, now, { badgeClassId });
    } catch (error) {
      if ((error as Error).name !== 'TransactionConflictException' || attempt >= RESERVE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export async function claimBadge(code: string | { hash: string }, claimant: Claimant, now: Date, requestId: string): Promise<ClaimOutcome> {
  const { hash, set } = await codeAndSet(code);
  const state = claimSetState(set, now);
  if (state === 'revoked') throw gone('This claim code has been withdrawn by its provider');
  if (state === 'expired') throw gone('This claim code has expired');
  if (set.forGuardians !== claimant.asGuardian) {
    throw new DomainError('forbidden', set.forGuardians ? 'This code is for a parent or guardian to claim on behalf of their child' : 'This code is for learners to claim for themselves');
  }
  if (!(await takeRateToken('claim-code', hash, CLAIMS_PER_CODE_PER_MINUTE, 60, now))) {
    throw new DomainError('rate-limited', 'This code is being tried too often; try again in a minute');
  }
  const [badgeClass, provider] = await Promise.all([getBadgeClass(set.badgeClassId), getProvider(set.issuerId)]);
  if (!badgeClass || !provider) throw new DomainError('not-found', UNKNOWN_CODE);
  if (badgeClass.status === 'archived') throw gone('This badge can no longer be claimed');

  const recipient = await recipientKey(claimant.email);
  const unique = !isRepeatable(badgeClass);
  if (unique) {
    const held = await heldAward(badgeClass.id, recipient);
    if (held) return { status: 'held', awardId: held };
  }
  const reserved = await reserve(hash, recipient, badgeClass.id, now);
  if (reserved === 'used-up') throw gone('This claim code has been used up');
  if (reserved === 'expired') throw gone('This claim code has expired');
  if (claimant.holdFor) {
    // A child who cannot hold a badge yet: the use is theirs (no one else can take it), the award waits.
    await putPendingClaim(claimant.holdFor, { codeHash: hash, recipientKey: recipient, byGuardian: claimant.asGuardian, reservedAt: now.toISOString() });
    return { status: 'held-for-consent' };
  }

  // Once per learner per badge class; a repeatable class once per learner per set (one occasion).
  const id = derivedAwardId(await cityKey('claim-award-ids'), unique ? `claim:${badgeClass.id}:${recipient}` : `claim:set:${set.id}:${recipient}`);
  const outcome = await awardOnce({ badgeClass, provider }, { recipient: { email: claimant.email }, evidence: [] }, recipient, { id, now });
  if (outcome.status === 'duplicate') {
    // Awarded some other way between the check and now: the use goes back.
    await releaseClaimUse(hash, recipient);
    return { status: 'held', awardId: outcome.existing.id };
  }
  if (outcome.award) {
    await putAuditEntry({
      at: now.toISOString(),
      requestId,
      role: claimant.asGuardian ? 'guardian' : 'learner',
      providerId: set.issuerId,
      keyPrefix: '',
      route: 'POST /claim/{code}',
      path: `/claim-codes/${set.id}/claims/${outcome.awardId}`,
      status: 201,
    });
  }
  return { status: 'claimed', awardId: outcome.awardId };
}

export const badgeUrl = (awardId: string) => `${baseUrl}/badges/${awardId}`;

/**
 * Claims the badges held for a learner whose guardian has now agreed, each as a scan of its code
 * would (the use reserved already, so none is taken twice; the award's derived id, so none is made
 * twice), then forgets the hold. A code withdrawn or expired meanwhile gives its use back. Safe to
 * run again: the stream delivers the consent again until this succeeds.
 */
export async function claimHeldBadges(learnerId: string, now: Date): Promise<ClaimOutcome[]> {
  const outcomes: ClaimOutcome[] = [];
  if ((await getLearner(learnerId))?.status !== 'active') return outcomes;
  for (const held of await listPendingClaims(learnerId)) {
    try {
      const outcome = await claimBadge({ hash: held.codeHash }, { email: await claimantAddress(learnerId), asGuardian: held.byGuardian }, now, `held-${held.codeHash.slice(0, 16)}`);
      // Given the badge some other way meanwhile: the held use goes back.
      if (outcome.status === 'held') await releaseClaimUse(held.codeHash, held.recipientKey);
      outcomes.push(outcome);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'rate-limited') throw error;
      await releaseClaimUse(held.codeHash, held.recipientKey);
    }
    await deletePendingClaim(learnerId, held.codeHash);
  }
  return outcomes;
}

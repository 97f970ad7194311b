// Milestone badges: a badge class awarded by itself when a learner's holdings satisfy a pathway's rule
// (functions/domain/pathway-rules.ts). Pure: what a holder change names, the milestone award's identity
// and what its credential says; functions/services/milestones.ts reads and awards.
//
// Once per learner: the milestone award's id is derived from the milestone badge class and the learner's
// recipient key alone (not the pathway, its version or the contributing badges), so every path to the
// same milestone (two contributing badges arriving at once, a redelivered record, two pathways with one
// milestone class) lands on one award, and the holder item of the milestone class refuses a second.
//
// When a contributing badge is revoked the milestone stays: it says the learner had completed the
// pathway when it was awarded, which stays true, and its evidence links each contributing badge's page,
// which shows that badge's revocation and its reason to anyone checking. This is the Open Badges
// reading of revocation (an issuer withdraws its own assertion, for its own reasons; it does not reach
// into other issuers' assertions) and what Badgr's pathways and Credly's do with completion badges.
// A provider who wants the milestone withdrawn too revokes it like any badge.
import { awardUrls } from './awards';
import type { HashedAwardRequest } from './awards';

/** A change of a holder item (pk HOLDER#<badgeClassId>#<recipientKey>): a learner came to hold a badge class, or stopped. */
export interface HolderChange {
  badgeClassId: string;
  recipientKey: string;
  /** The award the holder item names (the one awarded, or the one revoked). */
  awardId: string;
}

const HOLDER_KEY = /^HOLDER#([^#]+)#([^#]+)$/;

/** The holder change a stream change stands for, or undefined for any other item. */
export function holderChange(pk: string, image: Record<string, unknown> | undefined): HolderChange | undefined {
  const match = HOLDER_KEY.exec(pk);
  if (!match || typeof image?.awardId !== 'string') return undefined;
  return { badgeClassId: match[1]!, recipientKey: match[2]!, awardId: image.awardId };
}

/** What the milestone award's id is derived from: the milestone badge class and the learner, nothing else. */
export const milestoneIdentity = (milestoneBadgeClassId: string, recipientKey: string) => `milestone:${milestoneBadgeClassId}:${recipientKey}`;

export interface Contribution {
  awardId: string;
  badgeClassName: string;
}

/** The milestone award's content: the earner as the first contributing award names them, and each contributing badge as evidence. */
export function milestoneRequest(
  baseUrl: string,
  pathway: { name: string; version: number },
  contributions: readonly Contribution[],
  recipient: { identity: string; salt: string },
): HashedAwardRequest {
  return {
    recipient: { hashed: recipient },
    evidence: contributions.map((c) => ({ url: awardUrls(baseUrl, c.awardId).page, name: c.badgeClassName })),
    narrative: `Completed the pathway “${pathway.name}” (version ${pathway.version}) with the badges listed as evidence.`,
  };
}

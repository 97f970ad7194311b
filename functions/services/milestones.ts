// Milestone awarding, on each change of a holder item (an award of a unique badge class, or its
// revocation): the published rules that name the changed badge class (one Query of the index of rules
// by component, functions/data/pathways.ts: flat in the number of pathways, never a scan of them or of
// learners), the learner's holdings of exactly the classes those rules name, read strongly consistently
// from their holder items (pattern 12a, not the eventually consistent gsi3), and, for each rule now met,
// its milestone badge through the one awarding service, once per learner (functions/domain/milestones.ts).
// A badge class that may be held more than once (repeatable) has no holder items and so counts for no rule.
import { readCity } from '../../definitions/city-env';
import { cityKey } from '../auth/city-secret';
import { getBadgeClass } from '../data/badge-classes';
import { milestoneRulesFor } from '../data/pathways';
import { getProvider } from '../data/providers';
import { derivedAwardId } from '../domain/awards';
import { milestoneIdentity, milestoneRequest, type HolderChange } from '../domain/milestones';
import { badgeClassesOf, evaluate } from '../domain/pathway-rules';
import { logger } from '../http/logger';
import { awardOnce } from './awarding';
import { readsOf } from './holdings';

const city = readCity();

/** What one change came to, per rule it touched: for logs and tests. */
export type MilestoneOutcome =
  | { pathwayId: string; milestoneBadgeClassId: string; status: 'not-met' }
  | { pathwayId: string; milestoneBadgeClassId: string; status: 'awarded' | 'held'; awardId: string; contributing: string[] }
  | { pathwayId: string; milestoneBadgeClassId: string; status: 'skipped'; reason: string };

/**
 * Awards every milestone that the change completes for its learner. Idempotent: a redelivered change
 * finds the milestone awarded under its derived id and changes nothing. A revocation takes no milestone
 * away (functions/domain/milestones.ts says why), but is evaluated like an award all the same, since a
 * rule may hold by other badges the learner has.
 */
export async function awardMilestones(change: HolderChange, now: Date): Promise<MilestoneOutcome[]> {
  const rules = await milestoneRulesFor(change.badgeClassId);
  if (rules.length === 0) return [];
  const reads = readsOf(change.recipientKey);
  const idKey = await cityKey('milestone-award-ids');
  const outcomes: MilestoneOutcome[] = [];
  for (const entry of rules) {
    const base = { pathwayId: entry.pathwayId, milestoneBadgeClassId: entry.milestoneBadgeClassId };
    const held = (await Promise.all(badgeClassesOf(entry.rule).map(reads.holding))).filter((h) => h !== undefined);
    const result = evaluate(entry.rule, held.map((h) => h.holding));
    if (!result.met) {
      outcomes.push({ ...base, status: 'not-met' });
      continue;
    }
    const milestone = await getBadgeClass(entry.milestoneBadgeClassId);
    if (!milestone || milestone.status === 'archived') {
      outcomes.push({ ...base, status: 'skipped', reason: milestone ? 'the milestone badge class is archived' : 'the milestone badge class does not exist' });
      continue;
    }
    const provider = await getProvider(milestone.issuerId);
    if (!provider) throw new Error(`Badge class ${milestone.id} names missing provider ${milestone.issuerId}`);
    const contributing = result.contributing.map((awardId) => held.find((h) => h.holding.awardId === awardId)!);
    const first = contributing[0]!.award.assertion.recipient as { identity?: unknown; salt?: unknown };
    if (typeof first.identity !== 'string' || typeof first.salt !== 'string') throw new Error(`Award ${contributing[0]!.award.id} names no hashed recipient`);
    const request = milestoneRequest(
      city.baseUrl,
      { name: entry.name, version: entry.version },
      contributing.map((c) => ({ awardId: c.award.id, badgeClassName: c.badgeClass.name })),
      { identity: first.identity, salt: first.salt },
    );
    const id = derivedAwardId(idKey, milestoneIdentity(milestone.id, change.recipientKey));
    const outcome = await awardOnce({ badgeClass: milestone, provider }, request, change.recipientKey, { id, now });
    const awardId = outcome.status === 'created' ? outcome.awardId : outcome.existing.id;
    outcomes.push({ ...base, status: outcome.status === 'created' && outcome.award ? 'awarded' : 'held', awardId, contributing: result.contributing });
    if (outcome.status === 'created' && outcome.award) logger.info('milestone awarded', { pathwayId: entry.pathwayId, version: entry.version, milestoneBadgeClassId: milestone.id, awardId });
  }
  return outcomes;
}

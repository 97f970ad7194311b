// A signed-in learner's progress along pathways, for the pathway page and the passport: their holdings
// of exactly the badge classes a pathway names, read strongly consistently from the holder items of
// each verified address's recipient key (pattern 12a, as the milestone consumer reads them), and the
// published pathways they have started (hold at least one step of), found through the index of rules
// by badge class (pattern 24b) from the badge classes they hold. Only the learner's own data, shown to
// themselves: nothing is worked out for anyone else, and nothing is stored.
import { recipientAwardFacts } from '../data/awards';
import { listAddresses } from '../data/learners';
import { rulesWithBadgeClass } from '../data/pathways';
import { progressOf, type Progress } from '../domain/pathway-progress';
import { badgeClassesOf, type Holding } from '../domain/pathway-rules';
import { readsOf } from './holdings';

/** The learner's holdings of these badge classes (one per class: the first address that holds it). */
export async function learnerHoldings(learnerId: string, badgeClassIds: readonly string[]): Promise<Holding[]> {
  return holdingsUnder((await listAddresses(learnerId)).map((a) => a.recipientKey), badgeClassIds);
}

async function holdingsUnder(recipientKeys: readonly string[], badgeClassIds: readonly string[]): Promise<Holding[]> {
  const reads = recipientKeys.map((key) => readsOf(key));
  const found = await Promise.all(
    [...new Set(badgeClassIds)].map(async (badgeClassId) => {
      for (const read of reads) {
        const held = await read.holding(badgeClassId);
        if (held) return held.holding;
      }
      return undefined;
    }),
  );
  return found.filter((h): h is Holding => h !== undefined);
}

export interface StartedPathway extends Progress {
  id: string;
  name: string;
  /** Whether the learner holds the pathway's milestone badge (absent when it has none). */
  milestoneEarned?: boolean;
}

/** The published pathways the learner holds at least one step of, with their progress, by name. */
export async function startedPathways(learnerId: string): Promise<StartedPathway[]> {
  const recipientKeys = (await listAddresses(learnerId)).map((a) => a.recipientKey);
  const facts = (await Promise.all(recipientKeys.map((key) => recipientAwardFacts(key)))).flat();
  const classIds = [...new Set(facts.filter((a) => !a.revoked).map((a) => a.badgeClassId))];
  const entries = new Map((await Promise.all(classIds.map((id) => rulesWithBadgeClass(id)))).flat().map((e) => [e.pathwayId, e]));
  const started = await Promise.all(
    [...entries.values()].map(async (entry): Promise<StartedPathway | undefined> => {
      const classes = [...badgeClassesOf(entry.rule), ...(entry.milestoneBadgeClassId ? [entry.milestoneBadgeClassId] : [])];
      const holdings = await holdingsUnder(recipientKeys, classes);
      const progress = progressOf(entry.rule, holdings);
      // The awards index is eventually consistent; the holder items are not: they decide.
      if (progress.done === 0) return undefined;
      return {
        id: entry.pathwayId,
        name: entry.name,
        ...progress,
        ...(entry.milestoneBadgeClassId ? { milestoneEarned: holdings.some((h) => h.badgeClassId === entry.milestoneBadgeClassId) } : {}),
      };
    }),
  );
  return started.filter((p): p is StartedPathway => p !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

// A learner's holdings under one recipient key, read as rules are evaluated against them: for a badge
// class, the strongly consistent holder item (pattern 12a, not the eventually consistent gsi3), its
// award if not revoked, and the skill groups and tags of the badge class version it was awarded as.
// The milestone consumer and a learner's progress (functions/services/pathway-progress.ts) read the same
// way; this module loads no awarding, signing or storage, so page-serving groups can use it.
import { getAward, heldAward } from '../data/awards';
import { getBadgeClassVersion } from '../data/badge-classes';
import { getSpine } from '../data/skills';
import type { Award } from '../domain/awards';
import type { BadgeClass } from '../domain/badge-classes';
import { groupsOf, type Holding } from '../domain/pathway-rules';

// The spine changes on deploy only: its skill groups are read once per container, and again after a while.
const SPINE_TTL_MS = 5 * 60_000;
let spine: { groups: Map<string, string>; at: number } | undefined;
async function skillGroups(): Promise<Map<string, string>> {
  if (spine && Date.now() - spine.at < SPINE_TTL_MS) return spine.groups;
  const { skills } = await getSpine();
  spine = { groups: new Map(skills.map((skill) => [skill.id, skill.group.id])), at: Date.now() };
  return spine.groups;
}

/** The reads of one learner's holdings under one recipient key, each once however many rules need it. */
export function readsOf(recipientKey: string) {
  const memo = <T>(load: (key: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (key: string) => {
      if (!seen.has(key)) seen.set(key, load(key));
      return seen.get(key)!;
    };
  };
  const award = memo((id) => getAward(id, { consistent: true }));
  const classVersion = memo(async (key) => {
    const [id, version] = key.split('@') as [string, string];
    return getBadgeClassVersion(id, Number(version));
  });
  const holding = memo(async (badgeClassId): Promise<{ holding: Holding; award: Award; badgeClass: BadgeClass } | undefined> => {
    const awardId = await heldAward(badgeClassId, recipientKey);
    if (!awardId) return undefined;
    const held = await award(awardId);
    if (!held || held.revoked) return undefined;
    const badgeClass = await classVersion(`${held.badgeClassId}@${held.badgeClassVersion}`);
    if (!badgeClass) return undefined;
    const groups = await skillGroups();
    const skillGroupIds = badgeClass.alignments.flatMap((a) => (groups.has(a.skillId) ? [groups.get(a.skillId)!] : []));
    return { holding: { badgeClassId, awardId, issuedOn: held.issuedOn, groups: groupsOf(skillGroupIds, badgeClass.tags) }, award: held, badgeClass };
  });
  return { holding };
}

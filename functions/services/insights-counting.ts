// What the insights consumer does with each change it is given (definitions/consumers.ts: insights):
// an award counted when it is made and taken out when it is revoked, a listed opportunity's supply and
// demand moved by each change to it. Every count is exact: an award's attribution is fixed the first
// time it is counted (functions/data/insights.ts), every add is written once per effect, and a
// revocation subtracts what the award added.
import { cityKey } from '../auth/city-secret';
import { getBadgeClass } from '../data/badge-classes';
import { addToCounters, countLearner, fixAttribution, getAttribution, getInsightsConfig } from '../data/insights';
import { addressHolder, getLearner } from '../data/learners';
import { searchOpportunities } from '../data/opportunities';
import { getSkill } from '../data/skills';
import { derivedAwardId } from '../domain/awards';
import { activeConsent } from '../domain/learners';
import { milestoneIdentity } from '../domain/milestones';
import { isListed, OpportunitySchema, type Opportunity } from '../domain/opportunities';
import {
  areaFinder,
  awardCounterAdds,
  bandsOf,
  districtOfPostcode,
  learnerCells,
  mergeAdds,
  shardOf,
  supplyCounterAdds,
  UNKNOWN_AGE,
  UNKNOWN_AREA,
  type AreaFinder,
  type AwardAttribution,
  type SupplyAttribution,
} from '../domain/insights';
import { claimAdds } from '../domain/insights-funnels';
import type { StreamChange } from '../stream/consumer';

type Item = Record<string, unknown>;

/** The areas, read once per container: they change only with a deploy, which starts new containers. */
let finder: Promise<AreaFinder> | undefined;
const areas = () => (finder ??= getInsightsConfig().then((config) => areaFinder(config.areas)));

/** What an award is counted as, from the learner's consented area and age band, its class and its opportunity. */
async function attribute(award: Item): Promise<AwardAttribution> {
  const awardId = String(award.id);
  const badgeClassId = String(award.badgeClassId);
  const recipientKey = String(award.gsi3pk).slice('RECIPIENT#'.length);
  const learnerId = await addressHolder(recipientKey);
  const account = learnerId ? await getLearner(learnerId) : undefined;
  const find = await areas();
  const badgeClass = await getBadgeClass(badgeClassId);
  const skills = await Promise.all(
    (badgeClass?.alignments ?? []).map(async (a) => ({ skillId: a.skillId, ...(a.level ? { level: a.level } : {}), group: (await getSkill(a.skillId))?.group.id ?? 'unknown' })),
  );
  const { items } = await searchOpportunities({ badgeClass: badgeClassId }, 1, undefined, new Date());
  // A milestone's id is derived from its class and its learner (functions/services/milestones.ts), so
  // that the same derivation tells a milestone from any other award of the class, with no lookup.
  const milestone = derivedAwardId(await cityKey('milestone-award-ids'), milestoneIdentity(badgeClassId, recipientKey)) === awardId;
  return {
    awardId,
    learnerKey: learnerId ?? recipientKey,
    area: account?.area && activeConsent(account, 'insights-area') ? find.ofDistrict(account.area) : UNKNOWN_AREA,
    age: account?.ageBand && activeConsent(account, 'insights-age-band') ? account.ageBand : UNKNOWN_AGE,
    date: String(award.issuedOn).slice(0, 10),
    provider: String(award.issuerId),
    skills,
    kind: items[0]?.card.kind ?? 'unknown',
    ...(milestone ? { pathway: badgeClassId } : {}),
    badgeClassId,
    consented: account !== undefined && (activeConsent(account, 'insights-area') !== undefined || activeConsent(account, 'insights-age-band') !== undefined),
  };
}

async function countAward(change: StreamChange, now: Date): Promise<void> {
  const before = change.oldImage;
  const after = change.newImage;
  if (change.name === 'INSERT' && after && !after.revoked) {
    const attribution = (await getAttribution(String(after.id))) ?? (await fixAttribution(await attribute(after)));
    // Two effects of their own (each written once by its effect id, on different items): at once.
    await Promise.all([
      addToCounters(`award:${attribution.awardId}:add`, awardCounterAdds(attribution, 1), now),
      countLearner(`award:${attribution.awardId}:learner`, attribution.learnerKey, learnerCells(attribution), 1, now),
    ]);
  } else if (change.name === 'MODIFY' && before && after && !before.revoked && after.revoked) {
    const attribution = await getAttribution(String(after.id));
    // An award made before the consumer ran was never counted, so there is nothing to take away.
    if (!attribution) return;
    await Promise.all([
      addToCounters(`award:${attribution.awardId}:revoke`, awardCounterAdds(attribution, -1), now),
      countLearner(`award:${attribution.awardId}:unlearner`, attribution.learnerKey, learnerCells(attribution), -1, now),
    ]);
  }
}

/** What a listed opportunity counts as; nothing while it is not listed (a draft, cancelled). */
function supplyOf(image: Item | undefined, find: AreaFinder): SupplyAttribution | undefined {
  if (!image) return undefined;
  const parsed = OpportunitySchema.safeParse(image);
  if (!parsed.success || !isListed(parsed.data.status)) return undefined;
  const o: Opportunity = parsed.data;
  const venue = o.place.venue;
  const byDistrict = venue ? find.ofDistrict(districtOfPostcode(venue.postcode)) : UNKNOWN_AREA;
  return {
    skills: o.skills.map((s) => s.skillId),
    kind: o.kind,
    area: byDistrict === UNKNOWN_AREA && venue ? find.ofPoint(venue.longitude, venue.latitude) : byDistrict,
    ages: bandsOf(o.ageRange),
    cost: o.cost.type,
    ...(o.capacity ? { places: o.capacity.places } : {}),
  };
}

async function countSupply(change: StreamChange, now: Date): Promise<void> {
  const find = await areas();
  const before = supplyOf(change.oldImage, find);
  const after = supplyOf(change.newImage, find);
  const adds = mergeAdds([...(before ? supplyCounterAdds(before, -1) : []), ...(after ? supplyCounterAdds(after, 1) : [])]);
  // Each change of an opportunity moves supply by the difference of its two images: once per record.
  if (adds.length) await addToCounters(`supply:${change.eventId}`, adds, now);
}

/**
 * A claim code's use (functions/data/claim-codes.ts) counts a claim of its badge class; a use given
 * back (the award made some other way at the same moment) takes it away. Once per record: the
 * same use may be given back and made again, each a record of its own.
 */
async function countClaim(change: StreamChange, now: Date): Promise<void> {
  const image = change.name === 'INSERT' ? change.newImage : change.name === 'REMOVE' ? change.oldImage : undefined;
  // Uses reserved before claims were counted carry no badge class: they were never counted.
  if (!image || typeof image.badgeClassId !== 'string' || typeof image.at !== 'string') return;
  const shard = shardOf(`${change.keys.pk}|${change.keys.sk}`);
  await addToCounters(`claim:${change.eventId}`, claimAdds(image.badgeClassId, image.at, shard, change.name === 'INSERT' ? 1 : -1), now);
}

export async function countChange(change: StreamChange, now: Date): Promise<void> {
  if (change.keys.pk.startsWith('AWARD#') && change.keys.sk === 'AWARD') return countAward(change, now);
  if (change.keys.pk.startsWith('CLAIMCODE#') && change.keys.sk.startsWith('USE#')) return countClaim(change, now);
  if (change.keys.pk.startsWith('OPPORTUNITY#') && change.keys.sk === 'OPPORTUNITY') return countSupply(change, now);
}

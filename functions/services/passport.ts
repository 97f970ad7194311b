// The learner's passport: every badge issued to any address they have verified (one Query of the
// awards' recipient index per address, merged newest first) and any they added from an email's link,
// with their word on each (accepted, hidden); the skills those badges show; next steps from the city's
// directory; the public profile they may share; and the archive of everything. Every function takes
// the signed-in learner and touches only what is theirs: a badge that is not in their passport answers
// "not found", as one that does not exist.
import { readCity } from '../../definitions/city-env';
import { cityKeys } from '../auth/city-secret';
import type { SignedInLearner } from '../auth/learner-session';
import { awardPosition, getAward, listAwardsByRecipient, recipientAwardFacts, recipientKeyOfAward } from '../data/awards';
import { getBadgeClassVersion } from '../data/badge-classes';
import { listAddresses, updateLearner } from '../data/learners';
import { getPassportLink, spendPassportLink } from '../data/notifications';
import { getOpportunity, searchOpportunities } from '../data/opportunities';
import { deleteShare, findShare, getShare, listPassportEntries, putPassportEntry, putShare, type PassportEntry, type Share } from '../data/passport';
import { getSpine } from '../data/skills';
import { awardState, type Award } from '../domain/awards';
import { DomainError, invalid, notFound } from '../domain/errors';
import { randomId } from '../domain/ids';
import type { AgeBand, LearnerAccount } from '../domain/learners';
import { passportTokenHash } from '../domain/mail/links';
import { nextLevel, skillsProfile, skillsToGrow, type Alignment, type SkillStanding } from '../domain/passport/skills-profile';
import { open, seal, sealedKeyId } from '../domain/sealed-text';

const city = readCity();

export type PassportState = 'new' | PassportEntry['state'];

/** A badge as the passport shows it: from the award's own signed credential, so one read gives all. */
export interface PassportBadge {
  award: Award;
  name: string;
  description: string;
  providerName: string;
  state: PassportState;
  standing: ReturnType<typeof awardState>;
}

interface Holdings {
  recipientKeys: string[];
  entries: Map<string, PassportEntry>;
}

async function holdings(learnerId: string): Promise<Holdings> {
  const [addresses, entries] = await Promise.all([listAddresses(learnerId), listPassportEntries(learnerId)]);
  return { recipientKeys: addresses.map((a) => a.recipientKey), entries: new Map(entries.map((e) => [e.awardId, e])) };
}

/** Awards added from a link to an address the learner has not verified: listed beside those their addresses find. */
const linkedOnly = (h: Holdings) => [...h.entries.values()].filter((e) => e.linkedRecipientKey !== undefined && !h.recipientKeys.includes(e.linkedRecipientKey));

const achievement = (award: Award) => {
  const subject = (award.credential.credentialSubject ?? {}) as { achievement?: { name?: string; description?: string } };
  const issuer = (award.credential.issuer ?? {}) as { name?: string };
  return { name: subject.achievement?.name ?? 'Badge', description: subject.achievement?.description ?? '', providerName: issuer.name ?? award.issuerId };
};

const present = (award: Award, h: Holdings, now: Date): PassportBadge => ({
  award,
  ...achievement(award),
  state: h.entries.get(award.id)?.state ?? 'new',
  standing: awardState(award, now),
});

/**
 * One page of the learner's badges, newest awarded first, before `before` (the position of the last
 * badge of the previous page). Each address's Query reads at most a page; the merge keeps the newest.
 */
export async function passportBadges(learner: SignedInLearner, limit: number, before: string | undefined, now: Date): Promise<{ badges: PassportBadge[]; next?: string }> {
  const h = await holdings(learner.account.id);
  const [pages, linked] = await Promise.all([
    Promise.all(h.recipientKeys.map((key) => listAwardsByRecipient(key, limit, before))),
    Promise.all(linkedOnly(h).map((e) => getAward(e.awardId))),
  ]);
  const candidates = [...pages.flatMap((p) => p.awards), ...linked.filter((a): a is Award => a !== undefined && (before === undefined || awardPosition(a) < before))];
  const unique = [...new Map(candidates.map((a) => [a.id, a])).values()].sort((a, b) => (awardPosition(a) < awardPosition(b) ? 1 : -1));
  const shown = unique.slice(0, limit);
  const more = unique.length > limit || pages.some((p) => p.more);
  return { badges: shown.map((a) => present(a, h, now)), ...(more && shown.length > 0 ? { next: awardPosition(shown.at(-1)!) } : {}) };
}

/** The badge, if it is in this learner's passport (else not found, as for one that does not exist). */
async function ownBadge(learnerId: string, awardId: string): Promise<{ award: Award; h: Holdings }> {
  const [award, h] = await Promise.all([getAward(awardId), holdings(learnerId)]);
  if (!award) throw notFound(`Badge ${awardId}`);
  const recipientKey = await recipientKeyOfAward(awardId);
  const mine = (recipientKey !== undefined && h.recipientKeys.includes(recipientKey)) || h.entries.get(awardId)?.linkedRecipientKey !== undefined;
  if (!mine) throw notFound(`Badge ${awardId}`);
  return { award, h };
}

export async function setBadgeState(learner: SignedInLearner, awardId: string, state: PassportEntry['state'], now: Date): Promise<void> {
  const { h } = await ownBadge(learner.account.id, awardId);
  const entry = h.entries.get(awardId);
  await putPassportEntry(learner.account.id, { ...entry, awardId, state, updatedAt: now.toISOString() });
}

/** What an add-to-passport link offers, before it is spent (the confirmation page shows the badge). */
export async function linkedBadge(token: string): Promise<Award> {
  const link = await getPassportLink(passportTokenHash(token), new Date());
  const award = link && (await getAward(link.awardId));
  if (!award) throw notFound('This add-to-passport link (it may have been used already, or expired)');
  return award;
}

/**
 * Spends the link and puts its badge in the learner's passport, accepted: following the link proves
 * they read mail at the address it went to. The link works once; a second use is "not found".
 */
export async function addFromLink(learner: SignedInLearner, token: string, now: Date): Promise<Award> {
  const link = await spendPassportLink(passportTokenHash(token), now);
  const award = link && (await getAward(link.awardId));
  if (!link || !award) throw notFound('This add-to-passport link (it may have been used already, or expired)');
  await putPassportEntry(learner.account.id, { awardId: award.id, state: 'accepted', linkedRecipientKey: link.recipientKey, updatedAt: now.toISOString() });
  return award;
}

// ---- Skills and next steps ------------------------------------------------------------------------

/** Every skill of the spine at the highest level the learner's badges (not hidden, not revoked) show. */
export async function passportSkills(learner: SignedInLearner): Promise<SkillStanding[]> {
  const h = await holdings(learner.account.id);
  const [facts, linked, spine] = await Promise.all([
    Promise.all(h.recipientKeys.map((key) => recipientAwardFacts(key))),
    Promise.all(linkedOnly(h).map((e) => getAward(e.awardId))),
    getSpine(),
  ]);
  const awards = [...facts.flat(), ...linked.filter((a): a is Award => a !== undefined)].filter((a) => !a.revoked && h.entries.get(a.id)?.state !== 'hidden');
  const versions = [...new Map(awards.map((a) => [`${a.badgeClassId}#${a.badgeClassVersion}`, a])).values()];
  const classes = await Promise.all(versions.map((a) => getBadgeClassVersion(a.badgeClassId, a.badgeClassVersion)));
  const alignmentsOf = new Map(classes.filter((c) => c !== undefined).map((c) => [`${c!.id}#${c!.version}`, c!.alignments]));
  const alignments: Alignment[] = awards.flatMap((a) => (alignmentsOf.get(`${a.badgeClassId}#${a.badgeClassVersion}`) ?? []).map((al) => ({ skillId: al.skillId, ...(al.level ? { level: al.level } : {}) })));
  return skillsProfile(spine.skills, alignments);
}

const AGE_RANGES: Record<AgeBand, [number, number]> = { 'under-13': [0, 12], '13-15': [13, 15], '16-17': [16, 17], '18-24': [18, 24], '25-plus': [25, 120] };

export interface NextStep {
  skill: SkillStanding;
  level: { id: string; name: string };
  opportunities: { id: string; title: string; providerName: string; startsAt: string; url: string }[];
}

/** The postcode area (the letters of `B15`): what "near me" means for a typed postcode district. */
const postcodeArea = (district: string) => /^[A-Z]{1,2}/.exec(district.toUpperCase())?.[0];

/**
 * Listed opportunities that build the next level of the learner's strongest skills, open to their age
 * band and, if they gave an area, in it (or online). `undefined` when the learner has recommendations
 * off (the default for under-18s): then nothing is worked out from their data at all.
 */
export async function nextSteps(account: LearnerAccount, profile: readonly SkillStanding[], now: Date): Promise<NextStep[] | undefined> {
  if (!account.settings.recommendations) return undefined;
  const [low, high] = account.ageBand ? AGE_RANGES[account.ageBand] : [0, 120];
  const area = account.area ? postcodeArea(account.area) : undefined;
  return Promise.all(
    skillsToGrow(profile, 3).map(async (skill) => {
      const level = nextLevel(skill)!;
      const { items } = await searchOpportunities({ skill: [skill.skillId] }, 20, undefined, now);
      const open = items.filter(({ card }) => card.minAge <= high && (card.maxAge === undefined || card.maxAge >= low));
      const full = await Promise.all(open.map(({ card }) => getOpportunity(card.id)));
      const fitting = full.filter((stored) => {
        const o = stored?.opportunity;
        if (!o) return false;
        const builds = o.skills.find((s) => s.skillId === skill.skillId);
        if (!builds || (builds.level !== undefined && builds.level !== level.id)) return false;
        if (!area || o.place.mode !== 'in-person') return true;
        return postcodeArea(o.place.venue?.postcode ?? '') === area;
      });
      return {
        skill,
        level,
        opportunities: fitting.slice(0, 5).map((stored) => {
          const o = stored!.opportunity;
          const card = open.find((f) => f.card.id === o.id)!.card;
          return { id: o.id, title: o.title, providerName: card.providerName, startsAt: card.startsAt, url: `${city.baseUrl}/opportunities/${o.id}` };
        }),
      };
    }),
  );
}

// ---- Sharing --------------------------------------------------------------------------------------

const PROFILE_ID_LENGTH = 26; // 130 random bits: the URL cannot be guessed
export const profileUrl = (profileId: string) => `${city.baseUrl}/profiles/${profileId}`;
const nameBinding = (learnerId: string) => `profile:${learnerId}`;

export interface ShareView {
  profileId: string;
  url: string;
  awardIds: string[];
  displayName?: string;
}

export async function shareOf(learner: SignedInLearner): Promise<ShareView | undefined> {
  const share = await getShare(learner.account.id);
  if (!share) return undefined;
  const displayName = share.sealedDisplayName ? open(share.sealedDisplayName, await cityKeys('sealed-names', [sealedKeyId(share.sealedDisplayName)]), nameBinding(learner.account.id)) : undefined;
  return { profileId: share.profileId, url: profileUrl(share.profileId), awardIds: share.awardIds, ...(displayName ? { displayName } : {}) };
}

export const MAX_SHARED_BADGES = 50;

/**
 * Shares the chosen badges (each must be in the passport, not hidden) at the learner's profile URL,
 * made once and kept while they change what it shows. Only with public profiles allowed in the
 * learner's settings: off by default for everyone, and for under-18s (ICO code) until they turn it on.
 */
export async function share(learner: SignedInLearner, choice: { awardIds: string[]; displayName?: string; allowPublicProfile: boolean }, now: Date): Promise<ShareView> {
  if (!learner.account.settings.publicProfile) {
    if (!choice.allowPublicProfile) throw invalid([{ in: 'body', field: 'allowPublicProfile', detail: 'public profiles are off in your settings: tick "Allow a public profile" to share' }]);
    const { account } = learner;
    const allowed = { ...account, settings: { ...account.settings, publicProfile: true }, updatedAt: now.toISOString() };
    if (!(await updateLearner(allowed, account.updatedAt))) throw new DomainError('conflict', 'Your account changed meanwhile: reload the page and try again');
  }
  if (choice.awardIds.length === 0) throw invalid([{ in: 'body', field: 'awardIds', detail: 'choose at least one badge to share' }]);
  if (choice.awardIds.length > MAX_SHARED_BADGES) throw invalid([{ in: 'body', field: 'awardIds', detail: `at most ${MAX_SHARED_BADGES} badges` }]);
  for (const awardId of choice.awardIds) {
    const { h } = await ownBadge(learner.account.id, awardId);
    if (h.entries.get(awardId)?.state === 'hidden') throw invalid([{ in: 'body', field: 'awardIds', detail: `badge ${awardId} is hidden: show it first` }]);
  }
  const existing = await getShare(learner.account.id);
  const at = now.toISOString();
  const next: Share = {
    profileId: existing?.profileId ?? randomId(PROFILE_ID_LENGTH),
    learnerId: learner.account.id,
    awardIds: [...new Set(choice.awardIds)],
    ...(choice.displayName ? { sealedDisplayName: seal(choice.displayName, await cityKeys('sealed-names'), nameBinding(learner.account.id)) } : {}),
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  await putShare(next);
  return (await shareOf(learner))!;
}

/** Stops sharing at once: the profile URL answers 404 from the next request on; a new share gets a new URL. */
export const stopSharing = (learner: SignedInLearner) => deleteShare(learner.account.id);

export interface PublicProfile {
  displayName?: string;
  badges: { id: string; name: string; description: string; providerName: string; issuedOn: string; standing: ReturnType<typeof awardState> }[];
}

/** What a profile URL shows: the chosen badges that are still valid, and the name if the learner chose to show it. */
export async function publicProfile(profileId: string, now: Date): Promise<PublicProfile> {
  const shared = await findShare(profileId);
  if (!shared) throw notFound('This profile');
  const [awards, nameKey] = await Promise.all([
    Promise.all(shared.awardIds.map((id) => getAward(id))),
    cityKeys('sealed-names', shared.sealedDisplayName ? [sealedKeyId(shared.sealedDisplayName)] : []),
  ]);
  const badges = awards
    .filter((a): a is Award => a !== undefined && awardState(a, now) === 'valid')
    .map((a) => ({ id: a.id, ...achievement(a), issuedOn: a.issuedOn, standing: awardState(a, now) }));
  const displayName = shared.sealedDisplayName ? open(shared.sealedDisplayName, nameKey, nameBinding(shared.learnerId)) : undefined;
  return { ...(displayName ? { displayName } : {}), badges };
}

// The passport's contents as sections of the learner's passport page (functions/learners/passport.ts
// lists them; the learners group serves the page): the newest badges with accept and hide, the skills
// profile, the pathways they have started with their progress, next steps, sharing and the download. One view of the learner's passport, built once per
// page, feeds every section.
import { readCity } from '../../definitions/city-env';
import { csrfField, type SignedInLearner } from '../auth/learner-session';
import { awardUrls } from '../domain/awards';
import { isMinor } from '../domain/learners';
import { passportSectionBodies, type BadgeView } from '../domain/pages/passport-pages';
import type { PassportSection } from '../domain/pages/learner-pages';
import { nextSteps, passportBadges, passportSkills, shareOf, type PassportBadge } from '../services/passport';
import { pathwayUrls } from '../pathways/present';
import { startedPathways } from '../services/pathway-progress';

const city = readCity();
const { baseUrl } = city;

/** How many of the newest badges the passport page shows; the rest are on GET /passport/badges. */
const NEWEST = 12;

export const badgeView = (badge: PassportBadge): BadgeView => ({
  id: badge.award.id,
  name: badge.name,
  description: badge.description,
  providerName: badge.providerName,
  issuedOn: badge.award.issuedOn,
  state: badge.state,
  standing: badge.standing,
  pageUrl: awardUrls(baseUrl, badge.award.id).page,
  imageUrl: awardUrls(baseUrl, badge.award.id).image,
});

export async function passportContent(learner: SignedInLearner): Promise<PassportSection[]> {
  const now = new Date();
  const [page, skills, shared, pathways] = await Promise.all([passportBadges(learner, NEWEST, undefined, now), passportSkills(learner), shareOf(learner), startedPathways(learner.account.id)]);
  const steps = await nextSteps(learner.account, skills, now);
  return passportSectionBodies({
    city,
    csrf: csrfField(learner),
    badges: page.badges.map(badgeView),
    ...(page.next ? { olderUrl: `${baseUrl}/passport/badges` } : {}),
    skills,
    ...(steps ? { nextSteps: steps.map((s) => ({ skillName: s.skill.name, levelName: s.level.name, opportunities: s.opportunities })) } : {}),
    ...(shared ? { share: shared } : {}),
    pathways: pathways.map(({ id, ...progress }) => ({ ...progress, url: pathwayUrls(baseUrl, id).page })),
    publicProfileAllowed: learner.account.settings.publicProfile,
    minor: learner.account.ageBand ? isMinor(learner.account.ageBand) : true,
  });
}

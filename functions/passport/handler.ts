// Route group "passport": a signed-in learner's passport (their badges from every address they have
// verified, the skills those show, next steps, sharing and download); the public profiles they share
// are the profiles group (profile-handler.ts). Every route acts on the signed-in learner's own passport
// only.
import { readCity } from '../../definitions/city-env';
import { csrfField } from '../auth/learner-session';
import { awardUrls } from '../domain/awards';
import { renderAddToPassportPage, renderBadgesPage } from '../domain/pages/passport-pages';
import { dispatch } from '../http/dispatch';
import { formField, learnerRoute, seeOther } from '../http/learner-route';
import { prefersHtml } from '../http/negotiate';
import { readPage } from '../http/pagination';
import { binary, htmlPage, json } from '../http/reply';
import { invalid } from '../domain/errors';
import {
  addFromLink,
  linkedBadge,
  passportBadges,
  passportSkills,
  setBadgeState,
  share,
  shareOf,
  stopSharing,
} from '../services/passport';
import { passportArchive } from '../services/passport-archive';
import { badgeView } from './sections';
import { contract } from './contract';

const city = readCity();
const { baseUrl } = city;
const PAGE_SIZE = 24;

const NOTICES: Record<string, string> = {
  accepted: 'The badge is in your passport.',
  hidden: 'The badge is hidden: it is left out of your skills and what you share.',
  added: 'The badge was added to your passport.',
};

const badgesRoute = learnerRoute(contract['GET /passport/badges'], async ({ learner, query, event }) => {
  const now = new Date();
  // The cursor is the position of the last badge shown, signed for this learner's list alone.
  const list = `passport:${learner.account.id}`;
  const page = await readPage(list, { ...query, limit: query.limit ?? PAGE_SIZE }, async (limit, start) => {
    const { badges, next } = await passportBadges(learner, limit, typeof start?.before === 'string' ? start.before : undefined, now);
    return { items: badges, ...(next ? { next: { before: next } } : {}) };
  });
  if (prefersHtml(event.headers.accept)) {
    const notice = event.queryStringParameters?.done;
    return htmlPage(
      renderBadgesPage({
        city,
        csrf: csrfField(learner),
        badges: page.items.map(badgeView),
        ...(page.next ? { olderUrl: `${baseUrl}/passport/badges?cursor=${encodeURIComponent(page.next)}` } : {}),
        ...(notice && NOTICES[notice] ? { notice: NOTICES[notice] } : {}),
      }),
    );
  }
  const [skills, shared] = await Promise.all([passportSkills(learner), shareOf(learner)]);
  return json({
    items: page.items.map((b) => ({
      id: b.award.id,
      name: b.name,
      description: b.description,
      provider: b.providerName,
      issuedOn: b.award.issuedOn,
      awardedAt: b.award.createdAt,
      state: b.state,
      standing: b.standing,
      links: { page: awardUrls(baseUrl, b.award.id).page, image: awardUrls(baseUrl, b.award.id).image, credential: awardUrls(baseUrl, b.award.id).credential },
    })),
    ...(page.next ? { next: page.next } : {}),
    skills: skills
      .filter((s) => s.shown)
      .map((s) => ({ skillId: s.skillId, name: s.name, ...(s.reached > 0 ? { level: s.levels[s.reached - 1]!.name } : {}), reached: s.reached, of: s.levels.length, badges: s.badges })),
    ...(shared ? { share: { url: shared.url, awardIds: shared.awardIds, ...(shared.displayName ? { displayName: shared.displayName } : {}) } } : {}),
  });
});

/** Badge actions come back to the badges page, which says what happened; sharing to the passport's share section. */
const back = (done: keyof typeof NOTICES) => seeOther(`${baseUrl}/passport/badges?done=${done}`);
const backToShare = () => seeOther(`${baseUrl}/passport#share`);

const badgeState = learnerRoute(contract['POST /passport/badges/{awardId}'], async ({ learner, params, form }) => {
  const state = formField(form, 'state', 20);
  if (state !== 'accepted' && state !== 'hidden') throw invalid([{ in: 'body', field: 'state', detail: 'must be accepted or hidden' }]);
  await setBadgeState(learner, params.awardId, state, new Date());
  return back(state);
});

const askToAdd = learnerRoute(contract['GET /passport/add'], async ({ learner, query }) => {
  const award = await linkedBadge(query.token);
  const credential = award.credential as { credentialSubject?: { achievement?: { name?: string } }; issuer?: { name?: string } };
  return htmlPage(
    renderAddToPassportPage({
      city,
      csrf: csrfField(learner),
      token: query.token,
      badge: { name: credential.credentialSubject?.achievement?.name ?? 'Badge', providerName: credential.issuer?.name ?? award.issuerId, imageUrl: awardUrls(baseUrl, award.id).image },
    }),
  );
});

const add = learnerRoute(contract['POST /passport/add'], async ({ learner, form }) => {
  await addFromLink(learner, formField(form, 'token', 200), new Date());
  return back('added');
});

const shareRoute = learnerRoute(contract['POST /passport/share'], async ({ learner, form }) => {
  const displayName = (form.get('displayName') ?? '').trim();
  if (displayName.length > 80) throw invalid([{ in: 'body', field: 'displayName', detail: 'must be at most 80 characters' }]);
  await share(learner, { awardIds: form.getAll('awardId'), ...(displayName ? { displayName } : {}), allowPublicProfile: form.get('allowPublicProfile') === 'yes' }, new Date());
  return backToShare();
});

const revokeShare = learnerRoute(contract['POST /passport/share/revoke'], async ({ learner }) => {
  await stopSharing(learner);
  return backToShare();
});

const archive = learnerRoute(contract['GET /passport/archive'], async ({ learner }) =>
  binary(Buffer.from(await passportArchive(learner, new Date())), 'application/zip', { headers: { 'content-disposition': 'attachment; filename="my-badges.zip"' } }),
);

export const handler = dispatch('passport', {
  'GET /passport/badges': badgesRoute,
  'POST /passport/badges/{awardId}': badgeState,
  'GET /passport/add': askToAdd,
  'POST /passport/add': add,
  'POST /passport/share': shareRoute,
  'POST /passport/share/revoke': revokeShare,
  'GET /passport/archive': archive,
});

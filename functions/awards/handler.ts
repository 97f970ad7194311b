// Route group "awards": providers award badges, list them and revoke them.
import type * as z from 'zod/mini';
import { readCity } from '../../definitions/city-env';
import { listAwardsByBadgeClass, listAwardsByProvider } from '../data/awards';
import { awardState, awardUrls, type Award } from '../domain/awards';
import { servedAssertion } from '../domain/openbadges/assertion';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { readPage, type PageRequest } from '../http/pagination';
import { json } from '../http/reply';
import { contract, type BatchResultSchema } from './contract';
import { assertManagesBadgeClass, assertManagesProvider, issueAward, issueBatch, recipientName, recipientNameKey, revoke } from './service';

const { baseUrl } = readCity();

/**
 * An award in a list, for its provider: what it is, its state, the learner's name if one was given, and
 * where it lives (the documents are one link away).
 */
const summariseAward = (award: Award, now: Date, nameKey: Buffer) => ({
  id: award.id,
  recipient: { name: recipientName(award, nameKey) },
  badgeClassId: award.badgeClassId,
  badgeClassVersion: award.badgeClassVersion,
  issuedOn: award.issuedOn,
  expires: award.expires,
  state: awardState(award, now),
  revoked: award.revoked,
  links: awardUrls(baseUrl, award.id),
});

/** An award as its issuer sees it: where it lives, and both documents. */
const presentAward = async (award: Award) => ({
  ...summariseAward(award, new Date(), await recipientNameKey()),
  assertion: servedAssertion(award),
  credential: award.credential,
});

const create = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/awards'], async ({ params, body, principal }) => {
  const award = await issueAward(params.badgeClassId, body, principal, new Date());
  return json(await presentAward(award), { status: 201, headers: { location: awardUrls(baseUrl, award.id).page } });
});

const revokeRoute = authenticatedRoute(contract['POST /awards/{awardId}/revoke'], async ({ params, body, principal }) =>
  json(await presentAward(await revoke(params.awardId, body.reason, principal, new Date()))),
);

const batch = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/awards:batch'], async ({ params, body, principal }) => {
  const results = await issueBatch(params.badgeClassId, body.recipients, principal, new Date());
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const answer: z.output<typeof BatchResultSchema> = {
    created: count('created'),
    duplicates: count('duplicate'),
    invalid: count('invalid'),
    failed: count('failed'),
    results: results.map((r) => (r.status === 'created' ? { index: r.index, status: r.status, id: r.award.id, links: awardUrls(baseUrl, r.award.id) } : r)),
  };
  return json(answer);
});

const listPage = (list: string, query: PageRequest, read: Parameters<typeof readPage<Award>>[2]) =>
  Promise.all([readPage(list, query, read), recipientNameKey()]).then(([page, nameKey]) => {
    const now = new Date();
    return json({ ...page, items: page.items.map((award) => summariseAward(award, now, nameKey)) });
  });

const listByBadgeClass = authenticatedRoute(contract['GET /badge-classes/{badgeClassId}/awards'], async ({ params, query, principal }) => {
  await assertManagesBadgeClass(params.badgeClassId, principal);
  return listPage(`awards:class:${params.badgeClassId}`, query, (limit, start) => listAwardsByBadgeClass(params.badgeClassId, limit, start));
});

const listByProvider = authenticatedRoute(contract['GET /issuers/{issuerId}/awards'], async ({ params, query, principal }) => {
  await assertManagesProvider(params.issuerId, principal);
  return listPage(`awards:provider:${params.issuerId}`, query, (limit, start) => listAwardsByProvider(params.issuerId, limit, start));
});

export const handler = dispatch('awards', {
  'POST /badge-classes/{badgeClassId}/awards': create,
  'POST /badge-classes/{badgeClassId}/awards:batch': batch,
  'POST /awards/{awardId}/revoke': revokeRoute,
  'GET /badge-classes/{badgeClassId}/awards': listByBadgeClass,
  'GET /issuers/{issuerId}/awards': listByProvider,
});

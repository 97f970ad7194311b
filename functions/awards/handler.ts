// Route group "awards": providers award badges, list them and revoke them.
import * as z from 'zod/mini';
import { readCity } from '../city/env';
import { listAwardsByBadgeClass, listAwardsByProvider } from '../data/awards';
import { awardId, AwardRequestSchema, awardState, awardUrls, MAX_AWARD_REQUEST_BYTES, RevocationSchema, type Award } from '../domain/awards';
import { servedAssertion } from '../domain/openbadges/assertion';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { PageQuery, readPage, type PageRequest } from '../http/pagination';
import { json } from '../http/reply';
import { IssuerParams } from '../issuers/schemas';
import { BadgeClassParams } from '../badge-classes/schemas';
import { assertManagesBadgeClass, assertManagesProvider, issueAward, issueBatch, MAX_BATCH, recipientName, recipientNameKey, revoke } from './service';

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

const create = authenticatedRoute({ params: BadgeClassParams, body: AwardRequestSchema, maxBodyBytes: MAX_AWARD_REQUEST_BYTES, idempotent: true }, async ({ params, body, principal }) => {
  const award = await issueAward(params.badgeClassId, body, principal, new Date());
  return json(await presentAward(award), { status: 201, headers: { location: awardUrls(baseUrl, award.id).page } });
});

const revokeRoute = authenticatedRoute({ params: z.object({ awardId }), body: RevocationSchema }, async ({ params, body, principal }) =>
  json(await presentAward(await revoke(params.awardId, body.reason, principal, new Date()))),
);

const BatchBody = z.object({ recipients: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_BATCH)) });

const batch = authenticatedRoute({ params: BadgeClassParams, body: BatchBody, maxBodyBytes: 1024 * 1024 }, async ({ params, body, principal }) => {
  const results = await issueBatch(params.badgeClassId, body.recipients, principal, new Date());
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return json({
    created: count('created'),
    duplicates: count('duplicate'),
    invalid: count('invalid'),
    failed: count('failed'),
    results: results.map((r) => (r.status === 'created' ? { index: r.index, status: r.status, id: r.award.id, links: awardUrls(baseUrl, r.award.id) } : r)),
  });
});

const listPage = (list: string, query: PageRequest, read: Parameters<typeof readPage<Award>>[2]) =>
  Promise.all([readPage(list, query, read), recipientNameKey()]).then(([page, nameKey]) => {
    const now = new Date();
    return json({ ...page, items: page.items.map((award) => summariseAward(award, now, nameKey)) });
  });

const listByBadgeClass = authenticatedRoute({ params: BadgeClassParams, query: PageQuery }, async ({ params, query, principal }) => {
  await assertManagesBadgeClass(params.badgeClassId, principal);
  return listPage(`awards:class:${params.badgeClassId}`, query, (limit, start) => listAwardsByBadgeClass(params.badgeClassId, limit, start));
});

const listByProvider = authenticatedRoute({ params: IssuerParams, query: PageQuery }, async ({ params, query, principal }) => {
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

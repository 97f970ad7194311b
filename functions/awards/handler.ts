// Route group "awards": providers award badges, list them and revoke them.
import type * as z from 'zod/mini';
import { readCity } from '../../definitions/city-env';
import { awardRecipient, awardState, awardUrls, type Award } from '../domain/awards';
import { servedAssertion } from '../domain/openbadges/assertion';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { IDEMPOTENCY_HEADER } from '../http/idempotency-key';
import { readPage, type PageRequest } from '../http/pagination';
import { json } from '../http/reply';
import { issueAward, issueBatch } from '../services/awarding';
import { badgeClassAwards, providerAwards, revoke, type AwardList } from '../services/awards';
import type { VersionedKeys } from '../domain/city-keys';
import { recipientName, recipientNameKeys } from '../services/recipients';
import { contract, type AwardSummarySchema, type BatchResultSchema } from './contract';

const { baseUrl } = readCity();

/**
 * An award in a list, for its provider: what it is, who it went to (as published, and the name if one
 * was given), its state, and where it lives (the documents are one link away).
 */
const summariseAward = (award: Award, now: Date, nameKeys: VersionedKeys): z.output<typeof AwardSummarySchema> => ({
  id: award.id,
  recipient: awardRecipient(award, recipientName(award, nameKeys)),
  badgeClassId: award.badgeClassId,
  badgeClassVersion: award.badgeClassVersion,
  issuedOn: award.issuedOn,
  awardedAt: award.createdAt,
  expires: award.expires,
  state: awardState(award, now),
  revoked: award.revoked,
  links: awardUrls(baseUrl, award.id),
});

/** An award as its issuer sees it: where it lives, and both documents. */
const presentAward = async (award: Award) => ({
  ...summariseAward(award, new Date(), await recipientNameKeys([award])),
  assertion: servedAssertion(award),
  credential: award.credential,
});

const create = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/awards'], async ({ params, body, principal, event }) => {
  const award = await issueAward(params.badgeClassId, body, principal, { now: new Date(), idempotencyKey: event.headers[IDEMPOTENCY_HEADER] });
  return json(await presentAward(award), { status: 201, headers: { location: awardUrls(baseUrl, award.id).page } });
});

const revokeRoute = authenticatedRoute(contract['POST /awards/{awardId}/revoke'], async ({ params, body, principal }) =>
  json(await presentAward(await revoke(params.awardId, body.reason, principal, new Date()))),
);

const batch = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/awards:batch'], async ({ params, body, principal, remainingMs }) => {
  const results = await issueBatch(params.badgeClassId, body.recipients, principal, { now: new Date(), remainingMs, notify: body.notify });
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const answer: z.output<typeof BatchResultSchema> = {
    created: count('created'),
    duplicates: count('duplicate'),
    invalid: count('invalid'),
    failed: count('failed'),
    results: results.map((r) => (r.status === 'created' ? { index: r.index, status: r.status, id: r.awardId, links: awardUrls(baseUrl, r.awardId) } : r)),
  };
  return json(answer);
});

const listPage = async ({ list, read }: AwardList, query: PageRequest) => {
  const page = await readPage(list, query, read);
  const [now, nameKeys] = [new Date(), await recipientNameKeys(page.items)];
  return json({ ...page, items: page.items.map((award) => summariseAward(award, now, nameKeys)) });
};

const listByBadgeClass = authenticatedRoute(contract['GET /badge-classes/{badgeClassId}/awards'], async ({ params, query, principal }) =>
  listPage(await badgeClassAwards(params.badgeClassId, principal), query),
);

const listByProvider = authenticatedRoute(contract['GET /issuers/{issuerId}/awards'], async ({ params, query, principal }) =>
  listPage(await providerAwards(params.issuerId, principal), query),
);

export const handler = dispatch('awards', {
  'POST /badge-classes/{badgeClassId}/awards': create,
  'POST /badge-classes/{badgeClassId}/awards:batch': batch,
  'POST /awards/{awardId}/revoke': revokeRoute,
  'GET /badge-classes/{badgeClassId}/awards': listByBadgeClass,
  'GET /issuers/{issuerId}/awards': listByProvider,
});

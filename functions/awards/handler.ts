// Route group "awards": providers award badges and revoke them.
import type * as z from 'zod/mini';
import { readCity } from '../city/env';
import { awardUrls, type Award } from '../domain/awards';
import { servedAssertion } from '../domain/openbadges/assertion';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticate';
import { json } from '../http/reply';
import { contract, type BatchResultSchema } from './contract';
import { issueAward, issueBatch, revoke } from './service';

const { baseUrl } = readCity();

/** An award as its issuer sees it: where it lives, and both documents. */
const presentAward = (award: Award) => ({
  id: award.id,
  badgeClassId: award.badgeClassId,
  badgeClassVersion: award.badgeClassVersion,
  issuedOn: award.issuedOn,
  expires: award.expires,
  revoked: award.revoked,
  links: awardUrls(baseUrl, award.id),
  assertion: servedAssertion(award),
  credential: award.credential,
});

const create = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/awards'], async ({ params, body, principal }) => {
  const award = await issueAward(params.badgeClassId, body, principal, new Date());
  return json(presentAward(award), { status: 201, headers: { location: awardUrls(baseUrl, award.id).page } });
});

const revokeRoute = authenticatedRoute(contract['POST /awards/{awardId}/revoke'], async ({ params, body, principal }) =>
  json(presentAward(await revoke(params.awardId, body.reason, principal, new Date()))),
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

export const handler = dispatch('awards', {
  'POST /badge-classes/{badgeClassId}/awards': create,
  'POST /badge-classes/{badgeClassId}/awards:batch': batch,
  'POST /awards/{awardId}/revoke': revokeRoute,
});

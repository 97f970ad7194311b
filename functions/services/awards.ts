// Awards after they are made: revoking one, and the lists a provider reads. Who may: the award's or
// badge class's provider, and city admins; to anyone else they do not exist.
import { businessMetrics } from '../../definitions/metrics';
import { countMetric } from '../http/observability';
import { getAward, listAwardsByBadgeClass, listAwardsByProvider, revokeAward } from '../data/awards';
import type { KeyPage } from '../data/client';
import type { Principal } from '../domain/api-keys';
import type { Award } from '../domain/awards';
import { notFound } from '../domain/errors';
import { assertActsFor } from '../domain/ownership';
import { assertManagesProvider, managedBadgeClass } from './awardable';

/** Revokes the award, which frees its learner to be awarded the badge class again. */
export async function revoke(awardId: string, reason: string, principal: Principal, now: Date): Promise<Award> {
  const award = await getAward(awardId);
  if (!award) throw notFound(`Award ${awardId}`);
  assertActsFor(principal, award.issuerId, `Award ${awardId}`);
  const revoked = await revokeAward(award, reason, now);
  countMetric(businessMetrics.revocations);
  return revoked;
}

/** A list of awards the caller may read: its name (cursors are bound to it) and how to read a page. */
export interface AwardList {
  list: string;
  read: (limit: number, start: Record<string, unknown> | undefined) => Promise<KeyPage<Award>>;
}

export async function badgeClassAwards(badgeClassId: string, principal: Principal): Promise<AwardList> {
  await managedBadgeClass(badgeClassId, principal);
  return { list: `awards:class:${badgeClassId}`, read: (limit, start) => listAwardsByBadgeClass(badgeClassId, limit, start) };
}

export async function providerAwards(providerId: string, principal: Principal): Promise<AwardList> {
  await assertManagesProvider(providerId, principal);
  return { list: `awards:provider:${providerId}`, read: (limit, start) => listAwardsByProvider(providerId, limit, start) };
}

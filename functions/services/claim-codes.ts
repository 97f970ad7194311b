// Claim sets as their provider manages them: made for one of its active badge classes, listed, read
// with how often they were used, revoked, and their codes (derived again from the city's key) for the
// printable page. Another provider's set, or class, does not exist for the caller.
import { cityKey } from '../auth/city-secret';
import { countClaimSetUses, getClaimSet, listClaimSetsByBadgeClass, putClaimSet, revokeClaimSet } from '../data/claim-codes';
import type { KeyPage } from '../data/client';
import { getProvider } from '../data/providers';
import type { Principal } from '../domain/api-keys';
import type { BadgeClass } from '../domain/badge-classes';
import { CLAIM_SET_ID_LENGTH, claimCodeHash, claimCodesOf, newClaimSet, type ClaimSet, type ClaimSetRequest } from '../domain/claim-codes';
import { notFound } from '../domain/errors';
import { randomId } from '../domain/ids';
import { assertActsFor } from '../domain/ownership';
import { awardableBadgeClass, managedBadgeClass } from './awardable';

const codeKey = () => cityKey('claim-codes');

/** A set and its codes (shown to its provider; the table keeps only their hashes). */
export interface IssuedClaimSet {
  set: ClaimSet;
  codes: string[];
}

export async function createClaimSet(badgeClassId: string, request: ClaimSetRequest, principal: Principal, now: Date): Promise<IssuedClaimSet> {
  const badgeClass = await awardableBadgeClass(badgeClassId, principal);
  const set = newClaimSet(randomId(CLAIM_SET_ID_LENGTH), badgeClass, request, now);
  const codes = claimCodesOf(await codeKey(), set);
  await putClaimSet(set, codes.map(claimCodeHash));
  return { set, codes };
}

/** The set, if `principal` manages its badge class. */
export async function managedClaimSet(setId: string, principal: Principal): Promise<ClaimSet> {
  const set = await getClaimSet(setId);
  if (!set) throw notFound(`Claim set ${setId}`);
  assertActsFor(principal, set.issuerId, `Claim set ${setId}`);
  return set;
}

export async function claimSetWithUses(setId: string, principal: Principal): Promise<{ set: ClaimSet; uses: number }> {
  const set = await managedClaimSet(setId, principal);
  return { set, uses: await countClaimSetUses(set.id) };
}

export interface ClaimSetList {
  list: string;
  read: (limit: number, start: Record<string, unknown> | undefined) => Promise<KeyPage<ClaimSet>>;
}

export async function badgeClassClaimSets(badgeClassId: string, principal: Principal): Promise<ClaimSetList> {
  await managedBadgeClass(badgeClassId, principal);
  return { list: `claim-sets:class:${badgeClassId}`, read: (limit, start) => listClaimSetsByBadgeClass(badgeClassId, limit, start) };
}

export async function revokeClaimSetFor(setId: string, principal: Principal, now: Date): Promise<ClaimSet> {
  await managedClaimSet(setId, principal);
  return revokeClaimSet(setId, now);
}

/** What the printable page shows: the set, its badge class and every code. */
export async function printableClaimSet(setId: string, principal: Principal): Promise<IssuedClaimSet & { badgeClass: BadgeClass; providerName: string }> {
  const set = await managedClaimSet(setId, principal);
  const [badgeClass, provider] = await Promise.all([managedBadgeClass(set.badgeClassId, principal), getProvider(set.issuerId)]);
  return { set, badgeClass, providerName: provider?.name ?? set.issuerId, codes: claimCodesOf(await codeKey(), set) };
}

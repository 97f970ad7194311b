// Whether a badge class may be awarded now, and by whom: kept apart from the awarding service so that
// routes which only check it (an import upload) do not bundle the signing stack.
import { getBadgeClass } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import type { Principal } from '../domain/api-keys';
import type { BadgeClass } from '../domain/badge-classes';
import { DomainError, notFound } from '../domain/errors';
import { assertActsFor } from '../domain/ownership';

/** The current version, if `principal` may award it: another provider's class is "not found", an archived one a conflict. */
export async function awardableBadgeClass(badgeClassId: string, principal: Principal): Promise<BadgeClass> {
  const badgeClass = await managedBadgeClass(badgeClassId, principal);
  if (badgeClass.status === 'archived') throw new DomainError('conflict', `Badge class ${badgeClassId} is archived: it can no longer be awarded`);
  return badgeClass;
}

/** Its provider or a city admin may read a badge class's awards; to anyone else it does not exist. */
export async function managedBadgeClass(badgeClassId: string, principal: Principal): Promise<BadgeClass> {
  const badgeClass = await getBadgeClass(badgeClassId);
  if (!badgeClass) throw notFound(`Badge class ${badgeClassId}`);
  assertActsFor(principal, badgeClass.issuerId, `Badge class ${badgeClassId}`);
  return badgeClass;
}

export async function assertManagesProvider(providerId: string, principal: Principal): Promise<void> {
  assertActsFor(principal, providerId, `Issuer ${providerId}`);
  if (!(await getProvider(providerId))) throw notFound(`Issuer ${providerId}`);
}

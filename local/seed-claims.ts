// A demo claim code for the local city: one shared code for the first demo badge class ("Demo open
// day", up to 1,000 learners, valid for a year), made once and found again on later starts, so that
// `npm start` can print a claim URL to scan or open.
import { cityKey } from '../functions/auth/city-secret';
import { listClaimSetsByBadgeClass } from '../functions/data/claim-codes';
import type { Principal } from '../functions/domain/api-keys';
import { claimCodeOf, claimSetState, claimUrl } from '../functions/domain/claim-codes';
import { createClaimSet } from '../functions/services/claim-codes';

const LABEL = 'Demo open day';

export async function ensureDemoClaimCode(baseUrl: string, badgeClassId: string, principal: Principal): Promise<string> {
  const now = new Date();
  const { items } = await listClaimSetsByBadgeClass(badgeClassId, 20, undefined);
  const existing = items.find((set) => set.label === LABEL && set.kind === 'shared' && claimSetState(set, now) === 'active');
  const code = existing
    ? claimCodeOf(await cityKey('claim-codes'), existing.id, 0)
    : (await createClaimSet(badgeClassId, { kind: 'shared', limit: 1000, label: LABEL, validUntil: new Date(now.getTime() + 365 * 86_400_000).toISOString(), forGuardians: false }, principal, now)).codes[0]!;
  return claimUrl(baseUrl, code);
}

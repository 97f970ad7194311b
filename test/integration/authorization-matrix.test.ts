// Who may call what, for every route of the route table against every kind of caller: generated from
// the table, so a new route is covered the moment it is added.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { routeKey, routes, type Access, type Route } from '../../definitions/routes';
import { opportunityBody } from '../support/opportunity-body';
import { pathwayBody } from '../support/pathway-body';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const ownerKey = inject('providerKey');
const OWNER = 'central-library';

type Caller = 'none' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'without-scope' | 'other-provider' | 'owner' | 'city-admin';
const callers: Caller[] = ['none', 'malformed', 'unknown', 'revoked', 'expired', 'without-scope', 'other-provider', 'owner', 'city-admin'];

const post = async (path: string, key: string, body?: unknown) =>
  (await (
    await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })
  ).json()) as Record<string, any>;

const keys = {} as Record<Caller, string | undefined>;
const ids = {} as Record<string, string>;
const ALL_SCOPES = ['badges:issue', 'badges:manage', 'profile:write', 'opportunities:manage'];

beforeAll(async () => {
  const other = `other-${randomBytes(4).toString('hex')}`;
  await post('/issuers', adminKey, { id: other, name: 'Other provider', url: 'https://other.example.org', email: 'hi@other.example.org' });
  const issue = async (provider: string, scopes: string[], validUntil?: string) =>
    (await post(`/issuers/${provider}/api-keys`, adminKey, { label: 'matrix', scopes, ...(validUntil ? { validUntil } : {}) })) as { key: string; prefix: string };
  const expiring = await issue(OWNER, ALL_SCOPES, new Date(Date.now() + 1500).toISOString());
  const revoked = await issue(OWNER, ALL_SCOPES);
  await post(`/api-keys/${revoked.prefix}/revoke`, adminKey);
  Object.assign(keys, {
    none: undefined,
    malformed: 'not-a-key',
    unknown: `col_${'a'.repeat(12)}_${'A'.repeat(43)}`,
    revoked: revoked.key,
    expired: expiring.key,
    'other-provider': (await issue(other, ALL_SCOPES)).key,
    owner: ownerKey,
    'city-admin': adminKey,
  });
  const badgeClass = await post('/badge-classes', ownerKey, { name: 'Matrix badge', description: 'x', criteria: { narrative: 'y' } });
  const award = await post(`/badge-classes/${badgeClass.id}/awards`, ownerKey, { recipient: { email: 'matrix@example.org' } });
  const imported = (await (
    await fetch(`${base}/badge-classes/${badgeClass.id}/imports`, { method: 'POST', headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'text/csv' }, body: 'email\nmatrix@example.org\n' })
  ).json()) as { id: string };
  const opportunity = await post('/opportunities', ownerKey, opportunityBody({ badgeClassIds: [badgeClass.id] }));
  const pathway = await post('/pathways', ownerKey, pathwayBody([badgeClass.id]));
  await post(`/pathways/${pathway.id}/publish`, ownerKey);
  const claimSet = await post(`/badge-classes/${badgeClass.id}/claim-codes`, ownerKey, { kind: 'list', count: 1, label: 'Matrix' });
  Object.assign(ids, {
    issuerId: OWNER,
    badgeClassId: badgeClass.id,
    version: '1',
    awardId: award.id,
    skillId: 'coding',
    prefix: expiring.prefix,
    importId: imported.id,
    opportunityId: opportunity.id,
    pathwayId: pathway.id,
    claimSetId: claimSet.id,
    code: claimSet.claimCodes[0].code,
  });
  await new Promise((resolve) => setTimeout(resolve, 1600)); // let the expiring key expire
});

/** A key with the route's role but none of its scopes (a provider key holding only some other scope). */
async function keyWithoutScope(access: Access): Promise<string | undefined> {
  if (access.kind !== 'authenticated' || !access.roles.includes('provider') || !access.scopes?.length) return undefined;
  const others = ALL_SCOPES.filter((s) => !access.scopes!.includes(s as never));
  return ((await post(`/issuers/${OWNER}/api-keys`, adminKey, { label: 'narrow', scopes: others })) as { key: string }).key;
}

function expected(route: Route, caller: Caller): (status: number) => boolean {
  const access = route.access as Access;
  const ok = (s: number) => s !== 401 && s !== 403 && s < 500;
  if (access.kind === 'public') return ok;
  // No API key signs a learner in: only a learner's session does.
  // (A learner's form route checks its body's type before the session, so the matrix's JSON body gets 415.)
  if (access.kind === 'learner') return (s) => s === 401 || (route.method !== 'GET' && s === 415);
  if (['none', 'malformed', 'unknown', 'revoked', 'expired'].includes(caller)) return (s) => s === 401;
  if (caller === 'city-admin') return ok;
  if (!access.roles.includes('provider')) return (s) => s === 403;
  if (caller === 'without-scope') return (s) => s === 403;
  // Another provider's resource looks exactly like a missing one: 404, or the same 400/415 that any id
  // gets for a bad body (bodies are checked before anything is looked up). Never a success.
  const ownsNothingInPath = !/\{(issuerId|badgeClassId|awardId|importId|opportunityId|pathwayId|claimSetId)\}/.test(route.path);
  if (caller === 'other-provider') return ownsNothingInPath ? ok : (s) => [400, 404, 415].includes(s);
  return (s) => ok(s) && s !== 404;
}

describe('authorization matrix', () => {
  // Destructive routes (archive, revoke) last, so that the owner's calls do not change what others see.
  const ordered = [...(routes as readonly Route[])].sort((a, b) => Number(/archive|revoke|cancel/.test(a.path)) - Number(/archive|revoke|cancel/.test(b.path)));
  it.each(ordered.map((route) => [routeKey(route), route] as const))('%s', async (_key, route) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? 'x');
    const results: string[] = [];
    for (const caller of callers) {
      const key = caller === 'without-scope' ? await keyWithoutScope(route.access as Access) : keys[caller];
      if (caller === 'without-scope' && !key) continue;
      const response = await fetch(`${base}${path}`, {
        method: route.method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      });
      if (!expected(route, caller)(response.status)) results.push(`${caller} → ${response.status}`);
      if (caller === 'none' && route.access.kind === 'authenticated') {
        // No Authorization header: API Gateway answers itself, without calling the authorizer.
        expect(await response.json()).toEqual({ message: 'Unauthorized' });
      } else if (response.status === 401 || response.status === 403) {
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    expect(results, `unexpected statuses for ${routeKey(route)}`).toEqual([]);
  });
});

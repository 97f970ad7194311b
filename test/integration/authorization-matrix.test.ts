// Who may call what, for every route of the route table against every kind of caller: generated from
// the table, so a new route is covered the moment it is added. Callers with API keys (none, bad ones,
// narrow ones, another provider's, the owner's, the city admin's), and learners' browsers: no session,
// a session that was signed out, a signed-in learner (who holds the award in the path), and another
// signed-in learner (whose award it is not: 404, as for another provider).
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { routeKey, routes, type Access, type Route } from '../../definitions/routes';
import type { TestLearner } from '../support/learner-fixture';
import { localLearner } from '../support/local-learners';
import { linkIn, waitForMail } from '../support/mailbox';
import { opportunityBody } from '../support/opportunity-body';
import { pathwayBody } from '../support/pathway-body';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const ownerKey = inject('providerKey');
const OWNER = 'central-library';

type Caller = 'none' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'without-scope' | 'other-provider' | 'owner' | 'city-admin';
const callers: Caller[] = ['none', 'malformed', 'unknown', 'revoked', 'expired', 'without-scope', 'other-provider', 'owner', 'city-admin'];
type LearnerCaller = 'no-session' | 'ended-session' | 'learner' | 'other-learner';
const learnerCallers: LearnerCaller[] = ['no-session', 'ended-session', 'learner', 'other-learner'];

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
  Object.assign(learners, await learnerFixtures(badgeClass.id));
  await new Promise((resolve) => setTimeout(resolve, 1600)); // let the expiring key expire
  // Two dozen awaited writes and three learners' sign-ins: past the tier's 60 s when the whole suite
  // (with import-restart's two child cities) shares this 2-core host.
}, 180_000);

// --- Learners' browsers ------------------------------------------------------------------------------

interface LearnerFixtures {
  learner: TestLearner;
  other: TestLearner;
  ended: TestLearner;
  /** An award to the learner's sign-in address: theirs in their passport, not the other learner's. */
  awardId: string;
  /** The add-to-passport link's token of that award's email, read from the local mailbox. */
  linkToken: string;
}
const learners = {} as LearnerFixtures;
const cityOrigin = new URL(base).origin;
/** Award emails go through the stream's notifications consumer: behind the rest of the tier's mail, under load, minutes. */
const MAIL_WAIT_MS = 240_000;

/** Two signed-in learners, each holding an award of `badgeClassId`, and a third whose session was signed out. */
async function learnerFixtures(badgeClassId: string): Promise<LearnerFixtures> {
  const [learner, other, ended] = await Promise.all([localLearner(), localLearner(), localLearner()]);
  const award = await post(`/badge-classes/${badgeClassId}/awards`, ownerKey, { recipient: { email: learner.email } });
  await post(`/badge-classes/${badgeClassId}/awards`, ownerKey, { recipient: { email: other.email }, notify: false });
  const signOut = await fetch(`${base}/sign-out`, { method: 'POST', redirect: 'manual', headers: formHeaders(ended), body: `csrf=${encodeURIComponent(ended.csrf)}` });
  expect(signOut.status).toBe(303);
  const mail = await waitForMail(inject('mailboxUrl'), learner.email, { timeoutMs: MAIL_WAIT_MS });
  return { learner, other, ended, awardId: award.id, linkToken: new URL(linkIn(mail, '/passport/add')).searchParams.get('token')! };
}

const formHeaders = (learner?: TestLearner) => ({
  'content-type': 'application/x-www-form-urlencoded',
  origin: cityOrigin,
  ...(learner ? { cookie: learner.cookie } : {}),
});

/** Fields that make a learner's form complete, so the answer is about who called, not a missing field. */
const formFields = (route: Route): Record<string, string> =>
  ({
    'POST /passport/badges/{awardId}': { state: 'accepted' },
    'POST /account/delete': { confirm: 'yes' },
    'POST /passport/add': { token: learners.linkToken },
  })[routeKey(route)] ?? {};
/** Queries a route requires (checked before the caller, like bodies): the learner's add-to-passport link. */
const queryOf = (route: Route) => (routeKey(route) === 'GET /passport/add' ? `?token=${learners.linkToken}` : '');

/** Routes that end the caller's session or account: each learner caller is a fresh one there. */
const endsTheLearner = (route: Route) => ['POST /sign-out', 'POST /account/delete'].includes(routeKey(route));

async function learnerFor(caller: LearnerCaller, route: Route): Promise<TestLearner | undefined> {
  if (caller === 'no-session') return undefined;
  if (caller === 'ended-session') return learners.ended;
  if (!endsTheLearner(route)) return caller === 'learner' ? learners.learner : learners.other;
  return localLearner();
}

/** A browser's request: the session cookie (if any), HTML wanted, forms with the session's CSRF token from the city's origin. */
function browserRequest(route: Route, learner: TestLearner | undefined): RequestInit {
  if (route.method === 'GET') return { redirect: 'manual', headers: { accept: 'text/html', ...(learner ? { cookie: learner.cookie } : {}) } };
  // Without a session, the form a page left behind: its token is nobody's.
  const fields = new URLSearchParams({ ...formFields(route), csrf: learner?.csrf ?? 'a-token-of-no-session' });
  return { method: route.method, redirect: 'manual', headers: formHeaders(learner), body: fields.toString() };
}

const toSignIn = (response: Response) => response.status === 303 && (response.headers.get('location') ?? '').startsWith(`${base}/sign-in?next=`);

function expectedForLearner(route: Route, caller: LearnerCaller): (response: Response) => boolean {
  const access = route.access as Access;
  const ok = (r: Response) => r.status !== 401 && r.status !== 403 && r.status < 500 && !toSignIn(r);
  if (access.kind === 'public') return ok;
  // A session is not an API key: the gateway refuses without calling the authorizer.
  if (access.kind === 'authenticated') return (r) => r.status === 401;
  // Signed out (never signed in, or the session ended): a page is sent to sign in and back; anything else is 401.
  if (caller === 'no-session' || caller === 'ended-session') return (r) => (route.method === 'GET' ? toSignIn(r) : r.status === 401);
  // Another learner's award looks exactly like a missing one.
  if (caller === 'other-learner' && route.path.includes('{awardId}')) return (r) => r.status === 404;
  // An add-to-passport link is its bearer's (following it proves reading the mail) and works once: the
  // learner's POST spent it, so the other learner's finds nothing.
  if (caller === 'other-learner' && routeKey(route) === 'POST /passport/add') return (r) => r.status === 404;
  return (r) => ok(r) && r.status !== 404;
}

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
  const pathOf = (route: Route) =>
    route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'awardId' && route.access.kind === 'learner' ? learners.awardId : (ids[name] ?? 'x')));
  it.each(ordered.map((route) => [routeKey(route), route] as const))('%s', async (_key, route) => {
    const path = pathOf(route) + queryOf(route);
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
    for (const caller of learnerCallers) {
      const response = await fetch(`${base}${path}`, browserRequest(route, await learnerFor(caller, route)));
      if (!expectedForLearner(route, caller)(response)) results.push(`${caller} → ${response.status}${response.headers.get('location') ? ` ${response.headers.get('location')}` : ''}`);
      if (route.access.kind === 'authenticated') expect(await response.json()).toEqual({ message: 'Unauthorized' });
      else if (response.status === 401 || response.status === 403) expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(results, `unexpected statuses for ${routeKey(route)}`).toEqual([]);
  });
});

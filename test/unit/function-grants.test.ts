// Each route group gets exactly what it needs, and a missing grant fails here, not once deployed: for
// every grant a group has (declared in its RouteGroup, or implied by its routes), the group is loaded
// with that one grant taken away and its routes are exercised over the seeded demo city; at least one
// must fail (the module refuses to load, or a route answers 500). With all its grants, none does.
// Grants also follow from the routes: a paginated route implies the city's secret, an idempotent one
// table writes, and the route table agrees with the contracts on which routes those are.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { groupGrants, type Grant, type Grants } from '../../definitions/function-grants';
import { routeGroups, routeKey, routes, type Route, type RouteGroupName } from '../../definitions/routes';
import { contracts } from '../../functions/contracts';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { signUnsubscribe } from '../../functions/domain/mail/links';
import type { HttpHandler } from '../../functions/http/route';
import type { LocalSecrets } from '../../local/secrets';
import { seedCity } from '../../local/seed';
import { authorizedEvent, context, httpEvent, type EventInput } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { RENDITIONS_PREFIX } from '../../definitions/bucket';
import { opportunityBody } from '../support/opportunity-body';
import { learnerEvent, passportLearner } from '../support/passport-learners';
import { putShare } from '../../functions/data/passport';
import { randomId } from '../../functions/domain/ids';
import { pathwayBody } from '../support/pathway-body';
import { loadGroup, unitResources } from '../support/function-env';
import { signedInLearner, type TestLearner } from '../support/learner-fixture';
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { putWalletOffer, redeemWalletOffer } from '../../functions/data/wallet-offers';
import type { Principal } from '../../functions/domain/api-keys';
import { makeNonce } from '../../functions/domain/wallet/nonce';
import { createClaimSet } from '../../functions/services/claim-codes';
import { cleanBadgeImage } from '../../functions/domain/badge-images';
import { setOpportunityImage } from '../../functions/opportunities/service';
import { createBadgeClass } from '../../functions/badge-classes/service';
import { NewBadgeClassSchema } from '../../functions/domain/badge-classes';
import { unitLearner, type UnitLearner } from '../support/learners';

const repoRoot = join(import.meta.dirname, '../..');
const aws = new FakeAws();
/** A person's browser: its views and clicks are counted for the insights funnels (a robot's are not). */
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

let demo: { admin: string; provider: string; badgeClassId: string; awardId: string; opportunityId: string };
/** Learners, claim code and wallet tokens made ahead: a scenario's requests are fixed, each run takes fresh ones. */
const learners: TestLearner[] = [];
let claimCode = '';
/** Badge classes made ahead for the management scenario to change and archive, one per run. */
const spareClasses: string[] = [];
const walletCalls: { token: string; proof: string }[] = [];
let learner: UnitLearner;
/** Learners who delete their accounts (their users in the pool with them), one a run. */
const leaving: UnitLearner[] = [];
/** The demo learner, signed in, with the demo award in their passport and shared at a public profile. */
let holder: UnitLearner & { profileId: string };

beforeAll(async () => {
  // POST /verify may try to fetch what it is given: never the network in unit tests.
  vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
  const config = parseCityConfig(JSON.parse(readFileSync(join(repoRoot, 'cities/demo.json'), 'utf8')), 'cities/demo.json');
  const secrets: LocalSecrets = { citySecret: unitResources.citySecret, signingKeyPem: unitResources.signingKeyPem, keys: {}, demo: { badgeClassIds: [] } };
  const seeded = await seedCity(config, process.env.PUBLIC_BASE_URL!, secrets);
  const key = (label: string) => `Bearer ${seeded.keys.find((k) => k.label.startsWith(label))!.key}`;
  const opportunityId = String(aws.itemsUnder('OPPORTUNITY#').find((item) => item.sk === 'OPPORTUNITY' && item.providerId === 'central-library')!.id);
  demo = { admin: key('City admin'), provider: key('Provider'), badgeClassId: secrets.demo.badgeClassIds[0]!, awardId: secrets.demo.awardId!, opportunityId };
  const provider: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue'], keyPrefix: 'grants' };
  // A picture for the public group to read (giving one is the publishing group's, tested there too).
  const picture = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#0b6e4f"/></svg>';
  await setOpportunityImage(opportunityId, cleanBadgeImage(Buffer.from(picture), 'image/svg+xml'), { ...provider, scopes: ['opportunities:manage'] }, new Date());
  for (let i = 0; i < 8; i++) {
    const made = await createBadgeClass(NewBadgeClassSchema.parse({ name: `Grants badge ${i}`, description: 'x', criteria: { narrative: 'y' } }), { ...provider, scopes: ['badges:manage'] }, new Date());
    spareClasses.push(made.id);
  }
  claimCode = (await createClaimSet(demo.badgeClassId, { kind: 'shared', limit: 100, label: 'Grants', validUntil: new Date(Date.now() + 86_400_000).toISOString(), forGuardians: false }, provider, new Date())).codes[0]!;
  for (let i = 0; i < 40; i++) learners.push(await signedInLearner(unitResources.citySecret));
  const nonceKey = deriveCityKey(unitResources.citySecret, 'wallet-nonces');
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(publicKey);
  for (let i = 0; i < 30; i++) {
    const token = `grants-token-${i}-${'x'.repeat(20)}`;
    const hash = createHash('sha256').update(token).digest('hex');
    const offerHash = createHash('sha256').update(`grants-offer-${i}`).digest('hex');
    const validUntil = new Date(Date.now() + 3_600_000).toISOString();
    await putWalletOffer(offerHash, { awardId: demo.awardId, validUntil });
    await redeemWalletOffer(offerHash, { hash, awardId: demo.awardId, validUntil }, new Date(), 5);
    const proof = await new SignJWT({ nonce: makeNonce(nonceKey, new Date()) })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', jwk })
      .setAudience(process.env.PUBLIC_BASE_URL!)
      .setIssuedAt()
      .sign(privateKey);
    walletCalls.push({ token, proof });
  }
  learner = await unitLearner();
  for (let i = 0; i < 12; i++) leaving.push(await unitLearner());
  const signedIn = await passportLearner({ emails: ['demo.learner@example.org'], settings: { publicProfile: true } });
  const profileId = randomId(26);
  await putShare({ profileId, learnerId: signedIn.account.id, awardIds: [demo.awardId], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
  holder = { ...signedIn, profileId };
}, 60_000);

const unsubscribeToken = (recipientKey: string) => signUnsubscribe(deriveCityKey(unitResources.citySecret, 'mail-links'), { recipientKey, providerId: 'central-library' });

/** `verified`: a POST /verify that must verify (its answer is 200 either way, so a lost grant shows in the verdict). */
type Call = EventInput & { as?: 'admin' | 'provider' | 'learner'; form?: Record<string, string>; verified?: true };
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Requests that between them use everything each group is granted; each run makes new things (nothing is already there). */
let run = 0;
const unique = () => `grants-${++run}`;
const scenarios: Record<RouteGroupName, () => Call[]> = {
  system: () => [{ path: '/health' }, { path: '/health', query: { deep: 'true' } }],
  skills: () => [{ path: '/skills' }, { path: '/skills/coding', headers: { accept: 'text/html' } }],
  issuers: () => [
    { path: '/issuers/central-library/profile' },
    { path: '/issuers/central-library', headers: { accept: 'text/html' } },
    { as: 'admin', method: 'POST', path: '/issuers', ...json({ id: unique(), name: 'Youth Club', url: 'https://youth.example.org', email: 'hi@youth.example.org' }) },
  ],
  badgeClasses: () => [
    { path: '/issuers/central-library/badge-classes' },
    { path: `/badge-classes/${demo.badgeClassId}`, headers: { accept: 'text/html' } },
    { path: `/badge-classes/${demo.badgeClassId}/versions/1/image` },
  ],
  badgeClassManagement: () => {
    const id = spareClasses.shift()!;
    return [
      { as: 'provider', method: 'POST', path: '/badge-classes', ...json({ name: `Badge ${unique()}`, description: 'x', criteria: { narrative: 'y' } }) },
      { as: 'provider', method: 'PATCH', path: `/badge-classes/${id}`, ...json({ description: 'Changed' }) },
      {
        as: 'provider',
        method: 'PUT',
        path: `/badge-classes/${id}/image`,
        headers: { 'content-type': 'image/svg+xml' },
        body: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#0b6e4f"/></svg>',
      },
      { as: 'provider', method: 'POST', path: `/badge-classes/${id}/archive` },
    ];
  },
  // A new learner each time: the same one would be refused as already holding the badge (409) before
  // anything is signed, hiding a missing grant.
  awards: () => [{ as: 'provider', method: 'POST', path: `/badge-classes/${demo.badgeClassId}/awards`, ...json({ recipient: { email: `${unique()}@example.org` } }) }],
  // The share image is made once and kept under renditions/: forgotten first, so that each run writes it.
  badges: () => {
    for (const key of [...aws.objects.keys()]) if (key.startsWith(RENDITIONS_PREFIX)) aws.objects.delete(key);
    return [{ path: `/badges/${demo.awardId}/image` }, { path: `/badges/${demo.awardId}/share-image` }];
  },
  statusLists: () => [{ path: '/status-lists/central-library' }],
  openapi: () => [{ path: '/openapi.json' }],
  verify: () => [
    { method: 'POST', path: '/verify', ...json({ url: 'https://unit.example/nothing' }) },
    // The city's own credential: read from the table, its status list built and signed with the city's key.
    { method: 'POST', path: '/verify', ...json({ url: `${process.env.PUBLIC_BASE_URL}/badges/${demo.awardId}/credential` }), verified: true },
  ],
  // A page view and a booking click are counted (a browser's, not a robot's); the picture is read.
  opportunities: () => [
    { path: '/opportunities', query: { skill: 'coding' } },
    { path: `/opportunities/${demo.opportunityId}`, headers: { accept: 'text/html', 'user-agent': BROWSER } },
    { path: `/opportunities/${demo.opportunityId}/image` },
  ],
  // The provider's own list pages with a signed cursor (the city's secret).
  opportunityPublishing: () => [
    { as: 'provider', method: 'POST', path: '/opportunities', ...json(opportunityBody()) },
    { as: 'provider', path: '/issuers/central-library/opportunities', query: { limit: '1' } },
    {
      as: 'provider',
      method: 'PUT',
      path: `/opportunities/${demo.opportunityId}/image`,
      headers: { 'content-type': 'image/svg+xml' },
      body: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#0b6e4f"/></svg>',
    },
  ],
  pathways: () => [
    { path: '/pathways', query: { skill: 'coding' } },
    { as: 'provider', method: 'POST', path: '/pathways', ...json(pathwayBody([demo.badgeClassId])) },
  ],
  portal: () => [{ path: '/', headers: { accept: 'text/html' } }],
  labourMarket: () => [
    { as: 'admin', method: 'PUT', path: '/labour-market/demand', headers: { 'content-type': 'text/csv' }, body: `skill,area,period,demand,source\ncoding,DEMO-CEN,2026-Q1,12,${unique()}\n` },
    { as: 'admin', path: '/labour-market/demand', query: { period: '2026-Q1' } },
  ],
  imports: () => [
    {
      as: 'provider',
      method: 'POST',
      path: `/badge-classes/${demo.badgeClassId}/imports`,
      headers: { 'content-type': 'text/csv' },
      body: `email\n${unique()}@example.org\n`,
    },
  ],
  // The learner's passport page (sessions, CSRF, the signed cursor), the archive (baked images from the
  // bucket) and a form that writes.
  passport: () => [
    { as: 'learner', path: '/passport/badges', headers: { accept: 'text/html' } },
    { as: 'learner', path: '/passport/archive' },
    { as: 'learner', method: 'POST', path: `/passport/badges/${demo.awardId}`, form: { state: 'accepted' } },
  ],
  // A shared profile, as the page and as JSON: reads only, and the sealed display name's key.
  profiles: () => [{ path: `/profiles/${holder.profileId}`, headers: { accept: 'text/html' } }, { path: `/profiles/${holder.profileId}` }],
  // A signed link from an email that was never sent: the signature is checked, the preference stored.
  // Reads the counters and the config; the public page is on in the demo city.
  insights: () => [
    { as: 'admin', path: '/insights', headers: { accept: 'text/html' } },
    { path: '/insights/data.json' },
    { path: '/insights/data.csv' },
    { path: '/insights/method' },
    { path: '/state-of-learning' },
  ],
  mailPreferences: () => [
    { path: '/unsubscribe', query: { token: unsubscribeToken(unique()) } },
    { method: 'POST', path: '/unsubscribe', query: { token: unsubscribeToken(unique()) } },
  ],
  // Codes derived from the city's key: the list makes them, the printable page makes them again.
  claimCodes: () => [
    { as: 'provider', method: 'POST', path: `/badge-classes/${demo.badgeClassId}/claim-codes`, ...json({ kind: 'list', count: 2, label: unique() }) },
    { as: 'provider', path: `/badge-classes/${demo.badgeClassId}/claim-codes` },
  ],
  // A new learner each time (a second claim by the same one awards nothing, so signs nothing).
  claims: () => {
    const learner = learners[run++]!;
    const calls: Call[] = [
      { path: `/claim/${claimCode}`, headers: { cookie: learner.cookie } },
      { method: 'POST', path: `/claim/${claimCode}`, headers: { cookie: learner.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${learner.csrf}` },
    ];
    return calls;
  },
  // A fresh access token each time: the nonce is MACed with a city key, the credential signed again.
  wallet: () => {
    const { token, proof } = walletCalls[run++]!;
    return [
      { path: '/.well-known/openid-credential-issuer' },
      { method: 'POST', path: '/wallet/nonce' },
      { method: 'POST', path: '/wallet/credential', body: JSON.stringify({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [proof] } }), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
    ];
  },
  // The session (table), its CSRF token (the city's secret), an address code (mail); the group's
  // sign-in client needs its provider's settings to load at all.
  learners: (): Call[] => [
    { path: '/passport', cookies: learner.cookies, headers: { accept: 'text/html' } },
    {
      method: 'POST',
      path: '/account/addresses',
      cookies: learner.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: learner.csrf, email: `${unique()}@example.org` }).toString(),
    },
    ((deleting) => ({
      method: 'POST',
      path: '/account/delete',
      cookies: deleting.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: deleting.csrf, confirm: 'yes' }).toString(),
    }))(leaving.shift()!),
  ],
  apiKeys: () => [
    { as: 'admin', method: 'POST', path: '/issuers/central-library/api-keys', ...json({ label: 'Grants test', scopes: ['badges:issue'] }) },
    { as: 'admin', path: '/audit' },
  ],
};

/** How each request of `name`'s scenario was answered with `grants`, or why the group did not load. */
async function answers(name: RouteGroupName, grants: Grants): Promise<string[]> {
  let handler: HttpHandler;
  try {
    ({ handler } = await loadGroup<{ handler: HttpHandler }>(name, grants));
  } catch (error) {
    return [`does not load: ${(error as Error).message}`];
  }
  const answered: string[] = [];
  for (const { as, verified, form, ...input } of scenarios[name]()) {
    const headers = { ...input.headers, ...(as && as !== 'learner' ? { authorization: demo[as] } : {}) };
    const event: APIGatewayProxyEventV2 =
      as === 'learner' ? learnerEvent({ ...input, ...(form ? { form } : {}) }, holder) : as ? await authorizedEvent({ ...input, headers }) : httpEvent({ ...input, headers });
    const reply = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    const unverified = verified && reply.statusCode === 200 && (JSON.parse(reply.body!) as { verified: boolean }).verified !== true;
    answered.push(`${input.method ?? 'GET'} ${input.path} ${unverified ? 'unverified' : reply.statusCode}`);
  }
  return answered;
}

const failures = async (name: RouteGroupName, grants: Grants) => (await answers(name, grants)).filter((answer) => !/ [1-4]\d\d$/.test(answer));

const without = (grants: Grants, grant: Grant): Grants => Object.fromEntries(Object.entries(grants).filter(([name]) => name !== grant));
const groups = Object.keys(routeGroups) as RouteGroupName[];
const removals = groups.flatMap((name) => (Object.keys(groupGrants(name)) as Grant[]).map((grant) => [name, grant] as const));

describe('route group grants', { timeout: 30_000 }, () => {
  it.each(groups)('%s serves its scenario with exactly its grants', async (name) => {
    // Every request succeeds (2xx, or a form's 303), so that a failure below is the missing grant's and nothing else's.
    for (const answer of await answers(name, groupGrants(name))) expect(answer).toMatch(/ (2\d\d|303)$/);
  });

  it.each(removals)('%s fails without its %s grant', async (name, grant) => {
    expect(await failures(name, without(groupGrants(name), grant))).not.toEqual([]);
  });

  it('covers every grant of every group', () => {
    // A group with a grant but no test of it would make the list above silently shorter.
    for (const name of groups) expect(removals.filter(([group]) => group === name).map(([, grant]) => grant)).toEqual(Object.keys(groupGrants(name)));
    expect(removals.length).toBeGreaterThanOrEqual(15);
  });

  it("derives the city's secret from a paginated route, table writes from an idempotent one, the table from an authenticated one", () => {
    // badgeClasses declares no city secret: its paginated list implies it.
    expect('citySecret' in routeGroups.badgeClasses).toBe(false);
    expect(groupGrants('badgeClasses').citySecret).toBe(true);
    expect(groupGrants('skills', { ...routeGroups.skills, table: undefined })).toEqual({});
    expect(groupGrants('imports', { ...routeGroups.imports, table: undefined }).table).toBe('read-write');
    expect(groupGrants('apiKeys', { ...routeGroups.apiKeys, table: undefined }).table).toBe('read');
  });

  it('marks exactly the routes whose contracts page with cursors or honour Idempotency-Key', () => {
    for (const route of routes as readonly Route[]) {
      const contract = contracts[routeKey(route) as keyof typeof contracts] as { query?: { shape?: Record<string, unknown> }; idempotent?: boolean };
      expect(route.paginated === true, `${routeKey(route)} paginated`).toBe(contract.query?.shape?.cursor !== undefined);
      expect(route.idempotent === true, `${routeKey(route)} idempotent`).toBe(contract.idempotent === true);
    }
  });
});

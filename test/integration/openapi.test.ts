// The API answers what its document says, on the local city: every route called in a success case
// (what it needs created first, with unique ids), and the errors each kind of route answers; each
// answer's status, media type, documented headers and body checked against the operation in the
// document that the city itself serves at /openapi.json. A route with no call here fails typecheck.
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { matchPath } from '../../functions/http/match';
import type { OpenApiDocument } from '../../functions/openapi/document';
import { routes, type RouteKey, type RouteKeyOf } from '../../definitions/routes';
import { codeIn, linkIn, waitForMail } from '../support/mailbox';
import { signInLearner, signInToCallback, type LearnerClient } from '../support/learner-sign-in';
import { documentValidator, pointer } from '../support/openapi';
import { opportunityBody } from '../support/opportunity-body';
import { signUnsubscribe } from '../../functions/domain/mail/links';
import { localCityKey } from '../support/local-city-keys';
import { pathwayBody } from '../support/pathway-body';
import type { TestLearner } from '../support/learner-fixture';
import { localLearner } from '../support/local-learners';
import { newWallet, resolveOffer } from '../support/oid4vci-client';

const base = inject('cityUrl');
/** An unsubscribe link as a badge email carries it, signed with the local city's own key for mail links. */
const unsubscribeToken = (recipientKey: string) => signUnsubscribe(localCityKey(inject('dataDir'), 'mail-links'), { recipientKey, providerId: PROVIDER });
const adminKey = inject('adminKey');
const providerKey = inject('providerKey');
const mailboxUrl = inject('mailboxUrl');
/** Award emails go through the stream's notifications consumer, behind the rest of the tier's mail: seconds alone, minutes under load (a whole `npm test` passed 20 s, 3 December). */
const MAIL_WAIT_MS = 240_000;
const PROVIDER = 'central-library';
const unique = () => randomBytes(5).toString('hex');

let document: OpenApiDocument;
let validate: ReturnType<typeof documentValidator>;
/** Statuses each route was seen to answer, and checked. */
const seen = new Map<string, Set<number>>();

interface Checked {
  status: number;
  headers: Headers;
  body: any;
}

const JSON_MEDIA = /^application\/([a-z.+-]*\+)?json$/;

/** Calls the route, then checks the answer against the document's operation for it; returns the parsed body. */
async function call(
  key: RouteKey,
  path: string,
  options: { status: number; key?: string; accept?: string; json?: unknown; body?: string | Buffer; contentType?: string; headers?: Record<string, string>; cookie?: string },
): Promise<Checked> {
  const [method, template] = key.split(' ') as [string, string];
  expect(matchPath(template, path.split('?')[0]!), `${path} is not ${template}`).toBeDefined();
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.accept ? { accept: options.accept } : {}),
      ...(body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body } : {}),
    redirect: 'manual',
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const where = `${key} → ${response.status}`;
  expect(response.status, `${where}: ${bytes.toString('utf8').slice(0, 500)}`).toBe(options.status);

  const documented = document.paths[template]?.[method.toLowerCase()]?.responses[response.status];
  expect(documented, `${where} is not in the document`).toBeDefined();
  for (const header of Object.keys(documented!.headers ?? {})) expect(response.headers.get(header), `${where}: header ${header}`).not.toBeNull();

  if (response.status === 303) {
    // A page's form answered by sending the browser on: a Location, no body.
    expect(response.headers.get('location'), `${where}: Location`).toBeTruthy();
    const statuses = seen.get(key) ?? new Set<number>();
    seen.set(key, statuses.add(response.status));
    return { status: response.status, headers: response.headers, body: bytes };
  }
  const media = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  expect(Object.keys(documented!.content ?? {}), `${where}: media type ${media}`).toContain(media);
  let parsed: unknown = bytes;
  if (JSON_MEDIA.test(media)) {
    parsed = JSON.parse(bytes.toString('utf8'));
    const at = pointer('paths', template, method.toLowerCase(), 'responses', String(response.status), 'content', media, 'schema');
    expect(validate(at, parsed), `${where}: body against ${media} schema`).toEqual([]);
  } else if (media === 'text/html') {
    parsed = bytes.toString('utf8');
    expect(parsed).toMatch(/^<!doctype html>/);
    // Pages run no script but the city's own files (the search page's map); data blocks are not run.
    const scripts = [...(parsed as string).matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!);
    for (const attributes of scripts) expect(attributes).toMatch(new RegExp(`type="application/(ld\\+)?json"|src="${base}/assets/`));
  } else if (media === 'text/calendar') {
    parsed = bytes.toString('utf8');
    expect(parsed).toMatch(/^BEGIN:VCALENDAR\r\n[^]*END:VCALENDAR\r\n$/);
  } else if (media === 'text/css' || media === 'text/javascript') {
    parsed = bytes.toString('utf8');
    expect((parsed as string).length).toBeGreaterThan(100);
  } else if (media === 'text/csv') {
    parsed = bytes.toString('utf8');
  } else if (media === 'application/zip') {
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  } else if (media === 'image/png') {
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  } else if (media === 'image/svg+xml') {
    expect(bytes.toString('utf8')).toContain('<svg');
  } else {
    expect.fail(`${where}: no check for ${media}`);
  }
  const statuses = seen.get(key) ?? new Set<number>();
  seen.set(key, statuses.add(response.status));
  return { status: response.status, headers: response.headers, body: parsed };
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#2a9d8f"/></svg>';
const newClass = (name: string) => ({ name, description: 'Checked against the API document.', criteria: { narrative: 'Took part.' }, alignments: [{ skillId: 'coding' }] });
const award = (email: string) => ({ recipient: { email }, evidence: [{ url: 'https://example.org/work', name: 'Work' }], narrative: 'Did it.' });

/** What the success cases act on, made first with plain calls. */
const fixture = {} as { claimSetId: string; profilePath: string; pathwayId: string; archivePathwayId: string; opportunityId: string; cancelOpportunityId: string; importId: string; issuerId: string; classId: string; archiveClassId: string; awardId: string; revokeAwardId: string; credential: object; keyPrefix: string };

async function plain(method: string, path: string, key: string, json: unknown) {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(json) });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as Record<string, any>;
}

beforeAll(async () => {
  document = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApiDocument;
  validate = documentValidator(document);
  fixture.issuerId = `openapi-${unique()}`;
  await plain('POST', '/issuers', adminKey, { id: fixture.issuerId, name: 'Contract Club', url: 'https://contract.example.org', email: 'hi@contract.example.org' });
  fixture.classId = (await plain('POST', '/badge-classes', providerKey, newClass('Contract badge'))).id;
  fixture.archiveClassId = (await plain('POST', '/badge-classes', providerKey, newClass('Contract badge to archive'))).id;
  const issued = await plain('POST', `/badge-classes/${fixture.classId}/awards`, providerKey, award(`held-${unique()}@example.org`));
  fixture.awardId = issued.id;
  fixture.credential = issued.credential;
  fixture.revokeAwardId = (await plain('POST', `/badge-classes/${fixture.classId}/awards`, providerKey, award(`revoked-${unique()}@example.org`))).id;
  fixture.keyPrefix = (await plain('POST', `/issuers/${fixture.issuerId}/api-keys`, adminKey, { label: 'to revoke', scopes: ['badges:issue'] })).prefix;
  fixture.opportunityId = (await plain('POST', '/opportunities', providerKey, opportunityBody({ title: `Contract club ${unique()}`, badgeClassIds: [fixture.classId], takePart: { bookingUrl: 'https://booking.example.org/contract-club' } }))).id;
  fixture.cancelOpportunityId = (await plain('POST', '/opportunities', providerKey, opportunityBody({ title: 'Contract club to cancel' }))).id;
  // The opportunity awards the class: a step done by holding it.
  const step = { type: 'group', of: [{ type: 'opportunity', opportunityId: fixture.opportunityId }] };
  fixture.pathwayId = (await plain('POST', '/pathways', providerKey, pathwayBody([], { name: `Contract pathway ${unique()}`, rule: step, destination: { type: 'url', url: 'https://jobs.example.org/digital', name: 'Digital jobs', kind: 'job' } }))).id;
  await plain('POST', `/pathways/${fixture.pathwayId}/publish`, providerKey, {});
  fixture.archivePathwayId = (await plain('POST', '/pathways', providerKey, pathwayBody([fixture.classId], { name: 'Contract pathway to archive' }))).id;
  await plain('POST', `/pathways/${fixture.archivePathwayId}/publish`, providerKey, {});
});

/** The learners' routes, as a signed-in learner (signed in once, through the local provider and mailbox). */
function learnerSuccesses(): Record<RouteKeyOf<'learners'>, () => Promise<unknown>> {
  let signedIn: Promise<LearnerClient> | undefined;
  const learner = () => (signedIn ??= signInLearner(base, mailboxUrl, `openapi-${unique()}@example.org`));
  const form = async (fields: Record<string, string>) => ({
    cookie: (await learner()).cookie,
    body: new URLSearchParams({ csrf: await (await learner()).csrf(), ...fields }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    accept: 'text/html',
  });
  return {
    'GET /sign-in': () => call('GET /sign-in', '/sign-in?next=/passport', { status: 303 }),
    'GET /sign-in/callback': async () => {
      const { callbackUrl, cookie } = await signInToCallback(base, mailboxUrl, `openapi-${unique()}@example.org`);
      const url = new URL(callbackUrl);
      await call('GET /sign-in/callback', `${url.pathname}${url.search}`, { status: 303, cookie });
    },
    'GET /account': async () => call('GET /account', '/account', { status: 200, accept: 'text/html', cookie: (await learner()).cookie }),
    'POST /account/age-band': async () => call('POST /account/age-band', '/account/age-band', { status: 303, ...(await form({ ageBand: '18-24' })) }),
    'POST /account/consent-request': async () => {
      // A learner of their own: under 13, waiting for a guardian.
      const child = await signInLearner(base, mailboxUrl, `openapi-child-${unique()}@example.org`);
      await child.post('/account/age-band', { ageBand: 'under-13', guardianEmail: `openapi-guardian-${unique()}@example.org` });
      const body = new URLSearchParams({ csrf: await child.csrf() }).toString();
      await call('POST /account/consent-request', '/account/consent-request', { status: 303, cookie: child.cookie, body, contentType: 'application/x-www-form-urlencoded' });
    },
    'POST /account/settings': async () => call('POST /account/settings', '/account/settings', { status: 303, ...(await form({ recommendations: 'yes', insightsArea: 'yes', postcode: 'B15 2TT' })) }),
    'POST /account/addresses': async () => call('POST /account/addresses', '/account/addresses', { status: 200, ...(await form({ email: `openapi-second-${unique()}@example.org` })) }),
    'POST /account/addresses/verify': async () => {
      const email = `openapi-third-${unique()}@example.org`;
      const since = Math.floor(Date.now() / 1000) - 1;
      await (await learner()).post('/account/addresses', { email });
      const code = codeIn(await waitForMail(mailboxUrl, email, { since }));
      await call('POST /account/addresses/verify', '/account/addresses/verify', { status: 303, ...(await form({ email, code })) });
    },
    'POST /account/addresses/remove': async () => {
      const page = await (await (await learner()).get('/account')).text();
      const address = /name="address" value="([^"]+)"/.exec(page)?.[1];
      expect(address, 'an added address to remove').toBeDefined();
      await call('POST /account/addresses/remove', '/account/addresses/remove', { status: 303, ...(await form({ address: address! })) });
    },
    'GET /account/export': async () => call('GET /account/export', '/account/export', { status: 200, cookie: (await learner()).cookie }),
    'GET /passport': async () => call('GET /passport', '/passport', { status: 200, accept: 'text/html', cookie: (await learner()).cookie }),
    'GET /guardian': async () => {
      const child = await signInLearner(base, mailboxUrl, `openapi-child-${unique()}@example.org`);
      const guardian = `openapi-guardian-${unique()}@example.org`;
      const since = Math.floor(Date.now() / 1000) - 1;
      await child.post('/account/age-band', { ageBand: 'under-13', guardianEmail: guardian });
      const link = new URL(linkIn(await waitForMail(mailboxUrl, guardian, { since }), '/guardian'));
      await call('GET /guardian', `${link.pathname}${link.search}`, { status: 200, accept: 'text/html' });
      const body = new URLSearchParams({ token: link.searchParams.get('token')!, action: 'consent' }).toString();
      await call('POST /guardian', '/guardian', { status: 200, body, contentType: 'application/x-www-form-urlencoded', accept: 'text/html' });
    },
    'POST /guardian': async () => expect(seen.get('POST /guardian')?.has(200)).toBe(true),
    'POST /sign-out': async () => {
      // A learner of its own: the other cases go on with theirs.
      const leaving = await signInLearner(base, mailboxUrl, `openapi-leaving-${unique()}@example.org`);
      const body = new URLSearchParams({ csrf: await leaving.csrf(), everywhere: 'yes' }).toString();
      await call('POST /sign-out', '/sign-out', { status: 303, cookie: leaving.cookie, body, contentType: 'application/x-www-form-urlencoded' });
    },
    'POST /account/delete': async () => {
      const doomed = await signInLearner(base, mailboxUrl, `openapi-doomed-${unique()}@example.org`);
      const body = new URLSearchParams({ csrf: await doomed.csrf(), confirm: 'yes' }).toString();
      await call('POST /account/delete', '/account/delete', { status: 200, cookie: doomed.cookie, body, contentType: 'application/x-www-form-urlencoded', accept: 'text/html' });
    },
  };
}

/**
 * The passport's routes, as a learner who signed in, was awarded a badge by API and got its email: the
 * email's add-to-passport link, accepting, sharing (and the public profile, the profiles group), stopping, the
 * archive.
 */
function passportSuccesses(): Record<RouteKeyOf<'passport'> | RouteKeyOf<'profiles'>, () => Promise<unknown>> {
  let ready: Promise<{ learner: LearnerClient; awardId: string; token: string }> | undefined;
  const setUp = () =>
    (ready ??= (async () => {
      const email = `openapi-passport-${unique()}@example.org`;
      const learner = await signInLearner(base, mailboxUrl, email);
      await learner.post('/account/age-band', { ageBand: '18-24' });
      const since = Math.floor(Date.now() / 1000) - 1;
      const { id } = await plain('POST', `/badge-classes/${fixture.classId}/awards`, providerKey, award(email));
      const mail = await waitForMail(mailboxUrl, email, { since, subject: /You have earned a badge/, timeoutMs: MAIL_WAIT_MS });
      return { learner, awardId: id as string, token: new URL(linkIn(mail, '/passport/add')).searchParams.get('token')! };
    })());
  const form = async (fields: Record<string, string>) => {
    const { learner } = await setUp();
    return { cookie: learner.cookie, body: new URLSearchParams({ csrf: await learner.csrf(), ...fields }).toString(), contentType: 'application/x-www-form-urlencoded', accept: 'text/html' };
  };
  return {
    'GET /passport/badges': async () => {
      const { learner, awardId } = await setUp();
      const { body } = await call('GET /passport/badges', '/passport/badges?limit=5', { status: 200, cookie: learner.cookie });
      expect(body.items.map((b: { id: string }) => b.id)).toContain(awardId);
      await call('GET /passport/badges', '/passport/badges', { status: 200, cookie: learner.cookie, accept: 'text/html' });
    },
    'POST /passport/badges/{awardId}': async () => call('POST /passport/badges/{awardId}', `/passport/badges/${(await setUp()).awardId}`, { status: 303, ...(await form({ state: 'accepted' })) }),
    'GET /passport/add': async () => {
      const { learner, token } = await setUp();
      await call('GET /passport/add', `/passport/add?token=${encodeURIComponent(token)}`, { status: 200, cookie: learner.cookie, accept: 'text/html' });
    },
    'POST /passport/add': async () => call('POST /passport/add', '/passport/add', { status: 303, ...(await form({ token: (await setUp()).token })) }),
    'POST /passport/share': async () => {
      const { learner, awardId } = await setUp();
      await call('POST /passport/share', '/passport/share', { status: 303, ...(await form({ awardId, displayName: 'Sam', allowPublicProfile: 'yes' })) });
      const { body } = await call('GET /passport/badges', '/passport/badges', { status: 200, cookie: learner.cookie });
      const profile = new URL(body.share.url).pathname;
      const shown = await call('GET /profiles/{profileId}', profile, { status: 200 });
      expect(shown.body).toEqual({ displayName: 'Sam', badges: [expect.objectContaining({ id: awardId })] });
      await call('GET /profiles/{profileId}', profile, { status: 200, accept: 'text/html' });
      fixture.profilePath = profile;
    },
    'POST /passport/share/revoke': async () => {
      await call('POST /passport/share/revoke', '/passport/share/revoke', { status: 303, ...(await form({})) });
      await call('GET /profiles/{profileId}', fixture.profilePath, { status: 404 });
    },
    'GET /passport/archive': async () => {
      const { body } = await call('GET /passport/archive', '/passport/archive', { status: 200, cookie: (await setUp()).learner.cookie });
      expect((body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    },
    // Seen above, shared and then stopped.
    'GET /profiles/{profileId}': async () => expect(seen.get('GET /profiles/{profileId}')?.has(200)).toBe(true),
  };
}

/** One success case per route. Typed by the route table: a new route needs one here. */
const successes: Record<RouteKey, () => Promise<unknown>> = {
  'GET /health': async () => {
    await call('GET /health', '/health', { status: 200 });
    const { body } = await call('GET /health', '/health?deep=true', { status: 200 });
    expect(body).toMatchObject({ checks: { table: 'ok', bucket: 'ok' } });
  },
  'GET /city': () => call('GET /city', '/city', { status: 200 }),
  'GET /openapi.json': () => call('GET /openapi.json', '/openapi.json', { status: 200 }),
  'GET /docs': () => call('GET /docs', '/docs', { status: 200, accept: 'text/html' }),
  'GET /verify': () => call('GET /verify', '/verify', { status: 200, accept: 'text/html' }),
  'GET /skills': () => call('GET /skills', '/skills?includeRetired=true', { status: 200 }),
  'GET /skills/{skillId}': async () => {
    await call('GET /skills/{skillId}', '/skills/coding', { status: 200 });
    await call('GET /skills/{skillId}', '/skills/coding', { status: 200, accept: 'text/html' });
  },
  'POST /issuers': () =>
    call('POST /issuers', '/issuers', {
      status: 201,
      key: adminKey,
      json: { id: `openapi-${unique()}`, name: 'New Club', url: 'https://new.example.org', email: 'hi@new.example.org', description: 'Fresh.', imageUrl: 'https://new.example.org/logo.png' },
    }),
  'GET /issuers/{issuerId}': () => call('GET /issuers/{issuerId}', `/issuers/${PROVIDER}`, { status: 200 }),
  'GET /issuers/{issuerId}/profile': () => call('GET /issuers/{issuerId}/profile', `/issuers/${PROVIDER}/profile`, { status: 200 }),
  'PATCH /issuers/{issuerId}': () =>
    call('PATCH /issuers/{issuerId}', `/issuers/${fixture.issuerId}`, { status: 200, key: adminKey, json: { description: 'Changed.' } }),
  'POST /badge-classes': () =>
    call('POST /badge-classes', '/badge-classes', {
      status: 201,
      key: providerKey,
      json: { ...newClass('Another contract badge'), tags: ['contract'], expiresAfterDays: 365 },
      headers: { 'idempotency-key': `openapi-${unique()}` },
    }),
  'GET /badge-classes/{badgeClassId}': () => call('GET /badge-classes/{badgeClassId}', `/badge-classes/${fixture.classId}`, { status: 200 }),
  'PATCH /badge-classes/{badgeClassId}': () =>
    call('PATCH /badge-classes/{badgeClassId}', `/badge-classes/${fixture.classId}`, { status: 200, key: providerKey, json: { tags: ['changed'] } }),
  'PUT /badge-classes/{badgeClassId}/image': () =>
    call('PUT /badge-classes/{badgeClassId}/image', `/badge-classes/${fixture.classId}/image`, { status: 200, key: providerKey, body: SVG, contentType: 'image/svg+xml' }),
  'POST /badge-classes/{badgeClassId}/archive': () =>
    call('POST /badge-classes/{badgeClassId}/archive', `/badge-classes/${fixture.archiveClassId}/archive`, { status: 200, key: providerKey }),
  'GET /badge-classes/{badgeClassId}/versions/{version}': () =>
    call('GET /badge-classes/{badgeClassId}/versions/{version}', `/badge-classes/${fixture.classId}/versions/1`, { status: 200 }),
  'GET /badge-classes/{badgeClassId}/versions/{version}/image': () =>
    call('GET /badge-classes/{badgeClassId}/versions/{version}/image', `/badge-classes/${fixture.classId}/versions/1/image`, { status: 200 }),
  'POST /badge-classes/{badgeClassId}/awards': () =>
    call('POST /badge-classes/{badgeClassId}/awards', `/badge-classes/${fixture.classId}/awards`, {
      status: 201,
      key: providerKey,
      json: { ...award(`new-${unique()}@example.org`), issuedOn: new Date(Date.now() - 86_400_000).toISOString() },
    }),
  'POST /badge-classes/{badgeClassId}/awards:batch': async () => {
    const email = `batch-${unique()}@example.org`;
    const { body } = await call('POST /badge-classes/{badgeClassId}/awards:batch', `/badge-classes/${fixture.classId}/awards:batch`, {
      status: 200,
      key: providerKey,
      json: { recipients: [award(email), { recipient: { email: 'not-an-email' } }, award(email)] },
    });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'invalid', 'duplicate']);
  },
  'POST /awards/{awardId}/revoke': async () => {
    await call('POST /awards/{awardId}/revoke', `/awards/${fixture.revokeAwardId}/revoke`, { status: 200, key: providerKey, json: { reason: 'Issued in error.' } });
    // OB 2.0 hosted verification: a revoked assertion answers 410 Gone, with the reason; so does its page.
    const { body } = await call('GET /badges/{awardId}', `/badges/${fixture.revokeAwardId}`, { status: 410 });
    expect(body).toMatchObject({ revoked: true, revocationReason: 'Issued in error.' });
    await call('GET /badges/{awardId}', `/badges/${fixture.revokeAwardId}`, { status: 410, accept: 'text/html' });
  },
  'GET /badges/{awardId}': async () => {
    await call('GET /badges/{awardId}', `/badges/${fixture.awardId}`, { status: 200, accept: 'application/ld+json' });
    await call('GET /badges/{awardId}', `/badges/${fixture.awardId}`, { status: 200, accept: 'text/html' });
  },
  'GET /badges/{awardId}/credential': () => call('GET /badges/{awardId}/credential', `/badges/${fixture.awardId}/credential`, { status: 200 }),
  'GET /badges/{awardId}/image': () => call('GET /badges/{awardId}/image', `/badges/${fixture.awardId}/image`, { status: 200 }),
  'GET /badges/{awardId}/share-image': () => call('GET /badges/{awardId}/share-image', `/badges/${fixture.awardId}/share-image`, { status: 200 }),
  'GET /status-lists/{issuerId}': () => call('GET /status-lists/{issuerId}', `/status-lists/${PROVIDER}`, { status: 200 }),
  'POST /verify': async () => {
    const { body } = await call('POST /verify', '/verify', { status: 200, json: { credential: fixture.credential } });
    expect(body.verified).toBe(true);
  },
  'POST /issuers/{issuerId}/api-keys': () =>
    call('POST /issuers/{issuerId}/api-keys', `/issuers/${fixture.issuerId}/api-keys`, {
      status: 201,
      key: adminKey,
      json: { label: 'Contract laptop', scopes: ['badges:issue', 'profile:write'], validUntil: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  'POST /api-keys/{prefix}/revoke': () => call('POST /api-keys/{prefix}/revoke', `/api-keys/${fixture.keyPrefix}/revoke`, { status: 200, key: adminKey }),
  'GET /audit': () => call('GET /audit', '/audit?limit=5', { status: 200, key: adminKey }),
  'GET /issuers/{issuerId}/badge-classes': () => call('GET /issuers/{issuerId}/badge-classes', `/issuers/${PROVIDER}/badge-classes?limit=2`, { status: 200 }),
  'GET /badge-classes/{badgeClassId}/awards': () =>
    call('GET /badge-classes/{badgeClassId}/awards', `/badge-classes/${fixture.classId}/awards?limit=2`, { status: 200, key: providerKey }),
  'GET /issuers/{issuerId}/awards': () => call('GET /issuers/{issuerId}/awards', `/issuers/${PROVIDER}/awards?limit=2`, { status: 200, key: adminKey }),
  'POST /badge-classes/{badgeClassId}/imports': async () => {
    const { body } = await call('POST /badge-classes/{badgeClassId}/imports', `/badge-classes/${fixture.classId}/imports`, {
      status: 202,
      key: providerKey,
      body: `email,narrative\nimport-${unique()}@example.org,Did it\nnot-an-email,x\n`,
      contentType: 'text/csv',
    });
    fixture.importId = body.id;
  },
  'GET /imports/{importId}': async () => {
    for (let i = 0; i < 100; i++) {
      const { body } = await call('GET /imports/{importId}', `/imports/${fixture.importId}`, { status: 200, key: providerKey });
      if (body.status === 'completed' || body.status === 'failed') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  },
  'POST /opportunities': () =>
    call('POST /opportunities', '/opportunities', {
      status: 201,
      key: adminKey,
      json: opportunityBody({ providerId: PROVIDER, kind: 'course', cost: { type: 'paid', price: 12.5, currency: 'GBP', concessions: 'Free for under-18s' }, capacity: { places: 20, placesLeft: 4 } }),
      headers: { 'idempotency-key': `openapi-${unique()}` },
    }),
  'GET /opportunities': async () => {
    const { body } = await call('GET /opportunities', `/opportunities?skill=coding&near=52.4797,-1.9027&radiusKm=2&sort=nearest&age=10&limit=5`, { status: 200 });
    expect(body.items.length).toBeGreaterThan(0);
    await call('GET /opportunities', '/opportunities?q=contract%20club&free=true&mode=in-person&kind=activity,course', { status: 200 });
    await call('GET /opportunities', '/opportunities?skill=coding&near=52.4797,-1.9027', { status: 200, accept: 'text/html' });
  },
  'GET /opportunities/{opportunityId}': async () => {
    await call('GET /opportunities/{opportunityId}', `/opportunities/${fixture.opportunityId}`, { status: 200 });
    const { body } = await call('GET /opportunities/{opportunityId}', `/opportunities/${fixture.opportunityId}`, { status: 200, accept: 'text/html' });
    expect(body).toContain('application/ld+json');
  },
  'GET /opportunities/{opportunityId}/book': () => call('GET /opportunities/{opportunityId}/book', `/opportunities/${fixture.opportunityId}/book`, { status: 303 }),
  'GET /opportunities/{opportunityId}/calendar': () => call('GET /opportunities/{opportunityId}/calendar', `/opportunities/${fixture.opportunityId}/calendar`, { status: 200 }),
  'PUT /opportunities/{opportunityId}/image': async () => {
    const { body } = await call('PUT /opportunities/{opportunityId}/image', `/opportunities/${fixture.opportunityId}/image`, { status: 200, key: providerKey, body: SVG, contentType: 'image/svg+xml' });
    expect(body.links.image).toMatch(/\/image\?v=/);
  },
  'GET /opportunities/{opportunityId}/image': async () => {
    await call('PUT /opportunities/{opportunityId}/image', `/opportunities/${fixture.opportunityId}/image`, { status: 200, key: providerKey, body: SVG, contentType: 'image/svg+xml' });
    await call('GET /opportunities/{opportunityId}/image', `/opportunities/${fixture.opportunityId}/image`, { status: 200 });
  },
  'GET /feeds/opportunities': async () => {
    const { body } = await call('GET /feeds/opportunities', '/feeds/opportunities', { status: 200 });
    expect(body.items.length).toBeGreaterThan(0);
  },
  'GET /': async () => {
    await call('GET /', '/', { status: 200 });
    await call('GET /', '/', { status: 200, accept: 'text/html' });
  },
  'GET /assets/{asset}': async () => {
    for (const name of ['leaflet.js', 'leaflet.css', 'opportunity-map.js']) await call('GET /assets/{asset}', `/assets/${name}`, { status: 200 });
  },
  ...learnerSuccesses(),
  'PATCH /opportunities/{opportunityId}': () =>
    call('PATCH /opportunities/{opportunityId}', `/opportunities/${fixture.opportunityId}`, { status: 200, key: providerKey, json: { capacity: { places: 12, placesLeft: 0 }, status: 'full' } }),
  'POST /opportunities/{opportunityId}/cancel': () =>
    call('POST /opportunities/{opportunityId}/cancel', `/opportunities/${fixture.cancelOpportunityId}/cancel`, { status: 200, key: providerKey }),
  'GET /issuers/{issuerId}/opportunities': () => call('GET /issuers/{issuerId}/opportunities', `/issuers/${PROVIDER}/opportunities?limit=2`, { status: 200, key: providerKey }),
  'PUT /labour-market/demand': async () => {
    const source = `OpenAPI ${unique()}`;
    const csv = `skill,area,period,demand,source\ncoding,DEMO-CEN,2026-Q1,12,${source}\nteamwork,DEMO-RIV,2026-Q1,3,${source}\n`;
    const { body } = await call('PUT /labour-market/demand', '/labour-market/demand', { status: 200, key: adminKey, body: csv, contentType: 'text/csv' });
    expect(body).toEqual({ sets: [{ source, period: '2026-Q1', rows: 2, total: 15, result: 'added' }] });
  },
  'GET /labour-market/demand': () => call('GET /labour-market/demand', '/labour-market/demand?period=2026-Q1&skill=coding', { status: 200, key: adminKey }),
  'GET /imports/{importId}/errors': () => call('GET /imports/{importId}/errors', `/imports/${fixture.importId}/errors`, { status: 200, key: providerKey }),
  ...passportSuccesses(),
  'GET /insights': async () => {
    await call('GET /insights', '/insights?period=ALL', { status: 200, key: adminKey, accept: 'text/html' });
    await call('GET /insights', '/insights?age=13-15&area=', { status: 200, key: providerKey, accept: 'text/html' });
  },
  'GET /insights/data.json': async () => {
    const { body } = await call('GET /insights/data.json', '/insights/data.json?period=ALL', { status: 200 });
    expect(body.licence.name).toBeTruthy();
  },
  'GET /insights/data.csv': () => call('GET /insights/data.csv', '/insights/data.csv', { status: 200 }),
  'GET /insights/method': () => call('GET /insights/method', '/insights/method', { status: 200, accept: 'text/html' }),
  'GET /state-of-learning': () => call('GET /state-of-learning', '/state-of-learning', { status: 200, accept: 'text/html' }),
  'GET /unsubscribe': async () => {
    await call('GET /unsubscribe', `/unsubscribe?token=${unsubscribeToken(`openapi-${unique()}`)}`, { status: 200, accept: 'text/html' });
    await call('GET /unsubscribe', '/unsubscribe?token=not-signed', { status: 404, accept: 'text/html' });
  },
  'POST /unsubscribe': async () => {
    const { body } = await call('POST /unsubscribe', `/unsubscribe?token=${unsubscribeToken(`openapi-${unique()}`)}`, { status: 200 });
    expect(body).toEqual({ unsubscribed: true, provider: expect.any(String) });
    await call('POST /unsubscribe', `/unsubscribe?token=${unsubscribeToken(`openapi-${unique()}`)}`, { status: 200, accept: 'text/html' });
  },
  'POST /pathways': () => call('POST /pathways', '/pathways', { status: 201, key: adminKey, json: pathwayBody([fixture.classId], { providerId: PROVIDER, destination: { type: 'url', url: 'https://jobs.example.org/digital', name: 'Digital jobs', kind: 'job' } }) }),
  'GET /pathways': async () => {
    const { body } = await call('GET /pathways', '/pathways?skill=coding&limit=100', { status: 200 });
    expect(body.items.map((p: { id: string }) => p.id)).toContain(fixture.pathwayId);
    await call('GET /pathways', '/pathways', { status: 200, accept: 'text/html' });
  },
  'GET /pathways/{pathwayId}': async () => {
    await call('GET /pathways/{pathwayId}', `/pathways/${fixture.pathwayId}`, { status: 200 });
    await call('GET /pathways/{pathwayId}', `/pathways/${fixture.pathwayId}`, { status: 200, accept: 'text/html' });
  },
  'GET /pathways/{pathwayId}/ctdl': () => call('GET /pathways/{pathwayId}/ctdl', `/pathways/${fixture.pathwayId}/ctdl`, { status: 200 }),
  'GET /pathways/{pathwayId}/versions/{version}': () => call('GET /pathways/{pathwayId}/versions/{version}', `/pathways/${fixture.pathwayId}/versions/1`, { status: 200 }),
  'GET /pathways/{pathwayId}/draft': () => call('GET /pathways/{pathwayId}/draft', `/pathways/${fixture.pathwayId}/draft`, { status: 200, key: providerKey }),
  'PATCH /pathways/{pathwayId}': () => call('PATCH /pathways/{pathwayId}', `/pathways/${fixture.pathwayId}`, { status: 200, key: providerKey, json: { description: 'Changed in the draft.' } }),
  'POST /pathways/{pathwayId}/publish': async () => {
    const { body } = await call('POST /pathways/{pathwayId}/publish', `/pathways/${fixture.pathwayId}/publish`, { status: 200, key: providerKey });
    expect(body.published.version).toBe(2);
  },
  'POST /pathways/{pathwayId}/archive': () => call('POST /pathways/{pathwayId}/archive', `/pathways/${fixture.archivePathwayId}/archive`, { status: 200, key: providerKey }),
  'POST /badge-classes/{badgeClassId}/claim-codes': async () => {
    const { body } = await call('POST /badge-classes/{badgeClassId}/claim-codes', `/badge-classes/${fixture.classId}/claim-codes`, {
      status: 201,
      key: providerKey,
      json: { kind: 'shared', limit: 30, label: 'Contract open day', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
    });
    fixture.claimSetId = body.id;
  },
  'GET /badge-classes/{badgeClassId}/claim-codes': () =>
    call('GET /badge-classes/{badgeClassId}/claim-codes', `/badge-classes/${fixture.classId}/claim-codes?limit=2`, { status: 200, key: providerKey }),
  'GET /claim-codes/{claimSetId}': () => call('GET /claim-codes/{claimSetId}', `/claim-codes/${fixture.claimSetId}`, { status: 200, key: providerKey }),
  'GET /claim-codes/{claimSetId}/print': () => call('GET /claim-codes/{claimSetId}/print', `/claim-codes/${fixture.claimSetId}/print`, { status: 200, key: providerKey, accept: 'text/html' }),
  'POST /claim-codes/{claimSetId}/revoke': () => call('POST /claim-codes/{claimSetId}/revoke', `/claim-codes/${fixture.claimSetId}/revoke`, { status: 200, key: providerKey }),
  'GET /claim': async () => {
    await call('GET /claim', '/claim', { status: 200, accept: 'text/html' });
  },
  'GET /claim/{code}': async () => call('GET /claim/{code}', `/claim/${await freshClaimCode()}`, { status: 200, accept: 'text/html' }),
  'POST /claim/{code}': async () => {
    const learner = await localLearner();
    const { body } = await call('POST /claim/{code}', `/claim/${await freshClaimCode()}`, { status: 200, body: `csrf=${encodeURIComponent(learner.csrf)}`, contentType: 'application/x-www-form-urlencoded', headers: { cookie: learner.cookie } });
    wallet.learner = learner;
    wallet.awardId = /\/badges\/([a-z2-7]{26})"/.exec(body as string)![1]!;
  },
  'GET /.well-known/openid-credential-issuer': () => call('GET /.well-known/openid-credential-issuer', '/.well-known/openid-credential-issuer', { status: 200 }),
  'GET /.well-known/oauth-authorization-server': () => call('GET /.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server', { status: 200 }),
  'POST /wallet/token': async () => {
    const code = (await resolveOffer(wallet.offerUri)).grants!['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code']!;
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }).toString();
    wallet.token = (await call('POST /wallet/token', '/wallet/token', { status: 200, body: form, contentType: 'application/x-www-form-urlencoded' })).body.access_token;
  },
  'POST /wallet/nonce': async () => {
    wallet.nonce = (await call('POST /wallet/nonce', '/wallet/nonce', { status: 200 })).body.c_nonce;
  },
  'POST /wallet/credential': async () => {
    const holder = await newWallet();
    const json = { credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [await holder.proof(base, wallet.nonce)] } };
    await call('POST /wallet/credential', '/wallet/credential', { status: 200, json, headers: { authorization: `Bearer ${wallet.token}` } });
  },
  'GET /wallet/badges/{awardId}': () => call('GET /wallet/badges/{awardId}', `/wallet/badges/${wallet.awardId}`, { status: 200, accept: 'text/html', headers: { cookie: wallet.learner.cookie } }),
  'POST /wallet/badges/{awardId}': async () => {
    const { body } = await call('POST /wallet/badges/{awardId}', `/wallet/badges/${wallet.awardId}`, {
      status: 200,
      body: `csrf=${encodeURIComponent(wallet.learner.csrf)}`,
      contentType: 'application/x-www-form-urlencoded',
      headers: { cookie: wallet.learner.cookie },
    });
    wallet.offerUri = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(body as string)![1]!.replaceAll('&quot;', '"');
  },
};

/** A learner's way through the wallet routes, in the table's order: claim, offer page, offer, token, nonce, credential. */
const wallet = {} as { learner: TestLearner; awardId: string; offerUri: string; token: string; nonce: string };
const freshClaimCode = async () => (await plain('POST', `/badge-classes/${fixture.classId}/claim-codes`, providerKey, { kind: 'list', count: 1, label: 'Contract claim' })).claimCodes[0].code as string;

describe('the API answers as its document says', () => {
  it.each(routes.map((route) => `${route.method} ${route.path}` as RouteKey))(
    '%s, in a success case',
    async (key) => {
      await successes[key]();
      expect([...(seen.get(key) ?? [])].some((status) => status < 300 || status === 303)).toBe(true);
    },
    // The passport's cases wait for an award email (MAIL_WAIT_MS) the first time.
    MAIL_WAIT_MS + 30_000,
  );

  it('answers errors as documented: problem+json by the Problem schema, on the routes that say they can', async () => {
    const tooLarge = JSON.stringify({ ...newClass('x'), description: 'x'.repeat(70 * 1024) });
    const cases: [RouteKey, string, Parameters<typeof call>[2]][] = [
      ['GET /skills', '/skills?group=No-Such-Group!', { status: 400 }],
      ['POST /badge-classes', '/badge-classes', { status: 400, key: providerKey, json: { name: '' } }],
      ['POST /badge-classes', '/badge-classes', { status: 400, key: providerKey, json: newClass('x'), headers: { 'idempotency-key': 'short' } }],
      ['POST /issuers', '/issuers', { status: 401, key: 'nope', json: {} }],
      ['GET /audit', '/audit', { status: 401, key: 'col_not_a_key' }],
      ['POST /issuers', '/issuers', { status: 403, key: providerKey, json: {} }],
      ['GET /skills/{skillId}', '/skills/no-such-skill', { status: 404 }],
      ['GET /badges/{awardId}', `/badges/${'a'.repeat(26)}`, { status: 404 }],
      ['PATCH /issuers/{issuerId}', `/issuers/${fixture.issuerId}`, { status: 404, key: providerKey, json: { description: 'Not mine.' } }],
      ['POST /issuers', '/issuers', { status: 409, key: adminKey, json: { id: PROVIDER, name: 'Again', url: 'https://again.example.org', email: 'a@again.example.org' } }],
      ['POST /badge-classes', '/badge-classes', { status: 413, key: providerKey, body: tooLarge }],
      ['POST /badge-classes', '/badge-classes', { status: 415, key: providerKey, body: 'name=x', contentType: 'text/plain' }],
      ['POST /opportunities', '/opportunities', { status: 400, key: providerKey, json: { ...opportunityBody(), ageRange: { min: 'ten' } } }],
      ['GET /opportunities', '/opportunities?sort=nearest', { status: 400 }],
      ['GET /opportunities/{opportunityId}', `/opportunities/${'a'.repeat(16)}`, { status: 404 }],
      ['PUT /badge-classes/{badgeClassId}/image', `/badge-classes/${fixture.classId}/image`, { status: 415, key: providerKey, body: 'GIF89a', contentType: 'image/gif' }],
      ['PUT /badge-classes/{badgeClassId}/image', `/badge-classes/${fixture.classId}/image`, { status: 400, key: providerKey, body: SVG.replace('<circle', '<script>alert(1)</script><circle'), contentType: 'image/svg+xml' }],
      ['GET /health', '/health?deep=maybe', { status: 400 }],
      ['POST /pathways', '/pathways', { status: 400, key: providerKey, json: pathwayBody([fixture.classId], { rule: { type: 'group', required: 2, of: [{ type: 'badge-class', badgeClassId: fixture.classId }] } }) }],
      ['GET /pathways/{pathwayId}', `/pathways/${'a'.repeat(16)}`, { status: 404 }],
    ];
    for (const [key, path, options] of cases) {
      const { body } = await call(key, path, options);
      expect(body).toMatchObject({ status: options.status, requestId: expect.any(String) });
    }
    const idempotencyKey = `openapi-${unique()}`;
    await call('POST /badge-classes', '/badge-classes', { status: 201, key: providerKey, json: newClass('Once'), headers: { 'idempotency-key': idempotencyKey } });
    await call('POST /badge-classes', '/badge-classes', { status: 422, key: providerKey, json: newClass('Other'), headers: { 'idempotency-key': idempotencyKey } });
    // Archived once by its success case (the tests of this file run in order).
    await call('POST /badge-classes/{badgeClassId}/archive', `/badge-classes/${fixture.archiveClassId}/archive`, { status: 409, key: providerKey });
    await call('POST /awards/{awardId}/revoke', `/awards/${fixture.revokeAwardId}/revoke`, { status: 409, key: providerKey, json: { reason: 'Again.' } });
    await call('POST /opportunities/{opportunityId}/cancel', `/opportunities/${fixture.cancelOpportunityId}/cancel`, { status: 409, key: providerKey });
    await call('POST /pathways/{pathwayId}/archive', `/pathways/${fixture.archivePathwayId}/archive`, { status: 409, key: providerKey });
  });

  it('answers unknown paths (404) and other methods (405, with Allow) with the Problem schema', async () => {
    for (const [method, path, status] of [
      ['GET', '/no/such/thing', 404],
      ['DELETE', '/skills', 405],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(validate(pointer('components', 'schemas', 'Problem'), await response.json())).toEqual([]);
    }
  });
});

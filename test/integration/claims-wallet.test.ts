// Claim codes and wallets on the local city: a provider makes codes; learners (signed in as the sign-in
// makes them) claim; a shared code with limit N claimed by 2N learners at once makes exactly N awards;
// a second scan uses nothing; the use is in the audit log without the code. Then the badge goes to a
// wallet through OID4VCI 1.0 with a client written from the specification, and the credential it
// receives verifies with @digitalbazaar/vc and eddsa-rdfc-2022, bound to the wallet's DID.
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { localLearner } from '../support/local-learners';
import type { TestLearner } from '../support/learner-fixture';
import { newWallet, receiveCredential, resolveOffer } from '../support/oid4vci-client';
import { referenceContext } from '../support/openbadges-reference';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const adminKey = inject('adminKey');

const api = async (method: string, path: string, body?: unknown, key = providerKey) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** A learner's form post, as their browser sends it: the session cookie and the page's CSRF token. */
const postForm = (path: string, learner: TestLearner) =>
  fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: learner.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(base).origin }, body: `csrf=${encodeURIComponent(learner.csrf)}` });
const page = (path: string, learner?: TestLearner) => fetch(`${base}${path}`, { redirect: 'manual', headers: { accept: 'text/html', ...(learner ? { cookie: learner.cookie } : {}) } });
const awardIdIn = (html: string) => /\/badges\/([a-z2-7]{26})"/.exec(html)?.[1];

const documentLoader = async (url: string) => {
  const context = referenceContext(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith(base)) {
    const [documentUrl, fragment] = url.split('#');
    const document = (await (await fetch(documentUrl!, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    const method = fragment ? document.verificationMethod?.find((m: { id: string }) => m.id === url) : undefined;
    return { contextUrl: null, documentUrl: url, document: method ? { '@context': document['@context'], ...method } : document };
  }
  throw new Error(`no network in tests: ${url}`);
};

let classId: string;
const N = 5;
let shared: { id: string; code: string };

beforeAll(async () => {
  classId = (await api('POST', '/badge-classes', { name: 'Open day explorer', description: 'Came to the open day.', criteria: { narrative: 'Scanned the code at the door.' } })).body.id;
  const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'shared', limit: N, label: 'Library open day', validUntil: new Date(Date.now() + 86_400_000).toISOString() });
  expect(made.status).toBe(201);
  shared = { id: made.body.id, code: made.body.claimCodes[0].code };
}, 60_000);

describe('claim codes', () => {
  it('a shared code with limit N, claimed by 2N learners at once, makes exactly N awards', async () => {
    const learners = await Promise.all(Array.from({ length: 2 * N }, () => localLearner()));
    const answers = await Promise.all(learners.map((learner) => postForm(`/claim/${shared.code}`, learner)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(N);
    expect(statuses.filter((s) => s === 410)).toHaveLength(N);
    const awards = await api('GET', `/badge-classes/${classId}/awards?limit=100`);
    expect(awards.body.items).toHaveLength(N);
    expect((await api('GET', `/claim-codes/${shared.id}`)).body).toMatchObject({ uses: N, state: 'active' });
  }, 120_000);

  it('a learner who scans twice holds the badge once, and the code is used once', async () => {
    const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count: 2, label: 'Second scan' });
    const [code, other] = made.body.claimCodes.map((c: { code: string }) => c.code);
    const learner = await localLearner();
    const first = await postForm(`/claim/${code}`, learner);
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(firstHtml).toContain('You have this badge');
    const again = await postForm(`/claim/${code}`, learner);
    expect(again.status).toBe(200);
    expect(awardIdIn(await again.text())).toBe(awardIdIn(firstHtml));
    // With another code of the class: they hold it already, that code is not used.
    const third = await postForm(`/claim/${other}`, learner);
    expect(await third.text()).toContain('You already have this badge');
    expect((await api('GET', `/claim-codes/${made.body.id}`)).body.uses).toBe(1);
    // A single-use code another learner tries after it was used.
    expect((await postForm(`/claim/${code}`, await localLearner())).status).toBe(410);
  }, 60_000);

  it('asks a visitor to sign in and come back; a post without a session changes nothing', async () => {
    const fresh = (await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count: 1, label: 'Visitors' })).body.claimCodes[0].code;
    const visitor = await page(`/claim/${fresh}`);
    expect(visitor.status).toBe(200);
    const html = await visitor.text();
    expect(html).toContain(`/sign-in?next=${encodeURIComponent(`/claim/${fresh}`)}`);
    expect(html).toContain('Sign in to claim');
    const anonymous = await fetch(`${base}/claim/${shared.code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=x' });
    expect(anonymous.status).toBe(401);
    const forged = await fetch(`${base}/claim/${shared.code}`, { method: 'POST', headers: { cookie: (await localLearner()).cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=forged' });
    expect(forged.status).toBe(403);
    expect((await page(`/claim/${'a'.repeat(26)}`)).status).toBe(404);
  }, 60_000);

  it('a revoked set claims nothing; the printable page holds a QR code per code', async () => {
    const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count: 3, label: 'Withdrawn' });
    const print = await fetch(`${base}/claim-codes/${made.body.id}/print`, { headers: { authorization: `Bearer ${providerKey}` } });
    const sheet = await print.text();
    expect(sheet.match(/<svg role="img"/g)).toHaveLength(3);
    for (const { code } of made.body.claimCodes) expect(sheet).toContain(code.match(/.{1,4}/g).join(' '));
    expect((await api('POST', `/claim-codes/${made.body.id}/revoke`)).status).toBe(200);
    expect((await postForm(`/claim/${made.body.claimCodes[0].code}`, await localLearner())).status).toBe(410);
    expect(await (await page(`/claim/${made.body.claimCodes[0].code}`)).text()).toContain('withdrawn');
  }, 60_000);

  it('records each claim in the audit log, naming the set and the award, never the code', async () => {
    // The month's log holds every other test's writes too (a guardian's claims among them): this file's
    // shared set's claims are looked for, through as many pages as it takes.
    const month = new Date().toISOString().slice(0, 7);
    const claims: { route: string; path: string; role: string }[] = [];
    let cursor: string | undefined;
    do {
      const audit = await api('GET', `/audit?month=${month}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, adminKey);
      expect(JSON.stringify(audit.body)).not.toContain(shared.code);
      claims.push(...(audit.body.items as typeof claims).filter((e) => e.route === 'POST /claim/{code}' && e.path.startsWith(`/claim-codes/${shared.id}/`)));
      cursor = audit.body.next as string | undefined;
    } while (cursor && claims.length < N);
    expect(claims).toHaveLength(N);
    for (const entry of claims) {
      expect(entry.path).toMatch(/^\/claim-codes\/[a-z2-7]{16}\/claims\/[a-z2-7]{26}$/);
      expect(entry.role).toBe('learner');
    }
  });
});

describe('to a wallet (OID4VCI 1.0, pre-authorized code)', () => {
  it('offers the badge to its holder; a wallet written from the specification receives it bound to its DID, and it verifies', async () => {
    const learner = await localLearner();
    const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count: 1, label: 'Wallet day' });
    const claimed = await postForm(`/claim/${made.body.claimCodes[0].code}`, learner);
    const awardId = awardIdIn(await claimed.text())!;

    expect((await page(`/wallet/badges/${awardId}`, learner)).status).toBe(200);
    const offerPage = await postForm(`/wallet/badges/${awardId}`, learner);
    expect(offerPage.status).toBe(200);
    expect(offerPage.headers.get('cache-control')).toBe('no-store');
    const html = await offerPage.text();
    expect(html).toContain('<svg role="img"');
    const offerUri = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

    const wallet = await newWallet();
    const { credential } = await receiveCredential(offerUri, wallet);
    expect(credential.id).toBe(`${base}/badges/${awardId}/credential`);
    expect(credential.credentialSubject.id).toBe(wallet.holder);
    expect(credential.credentialSubject.identifier[0].identityType).toBe('emailAddress');
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    const result = await verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }) });
    expect(result.verified, JSON.stringify(result.error?.errors?.map((e) => e.message) ?? result.error?.message)).toBe(true);

    // Single-use: the same offer again is refused at the token endpoint.
    const offer = await resolveOffer(offerUri);
    const again = await fetch(`${base}/wallet/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': offer.grants!['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code']! }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant', status: 400 });

    // Bound to the learner: another learner's session finds no such badge.
    expect((await postForm(`/wallet/badges/${awardId}`, await localLearner())).status).toBe(404);
  }, 120_000);

  it('refuses key proofs that are not for this issuer, not fresh or not typed', async () => {
    const learner = await localLearner();
    const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count: 1, label: 'Proof day' });
    const awardId = awardIdIn(await (await postForm(`/claim/${made.body.claimCodes[0].code}`, learner)).text())!;
    const offerUri = /href="(openid-credential-offer:\/\/[^"]+)"/.exec(await (await postForm(`/wallet/badges/${awardId}`, learner)).text())![1]!.replaceAll('&quot;', '"');
    const offer = await resolveOffer(offerUri);
    const code = offer.grants!['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code']!;
    const token = (await (
      await fetch(`${base}/wallet/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }) })
    ).json()) as { access_token: string };
    const { c_nonce } = (await (await fetch(`${base}/wallet/nonce`, { method: 'POST' })).json()) as { c_nonce: string };
    const wallet = await newWallet();
    const ask = async (jwt: string) => {
      const response = await fetch(`${base}/wallet/credential`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [jwt] } }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    expect((await ask(await wallet.proof('https://elsewhere.example', c_nonce))).body.error).toBe('invalid_proof');
    expect((await ask(await wallet.proof(base, 'not-our-nonce'))).body.error).toBe('invalid_nonce');
    expect((await ask(await wallet.proof(base, undefined))).body.error).toBe('invalid_proof');
    expect((await ask(await wallet.proof(base, c_nonce, { typ: 'JWT' }))).body.error).toBe('invalid_proof');
    expect((await ask(await wallet.proof(base, c_nonce, { iat: Math.floor(Date.now() / 1000) - 3600 }))).body.error).toBe('invalid_proof');
    // None of those spent the token: a good proof still gets the credential, once.
    expect((await ask(await wallet.proof(base, c_nonce))).status).toBe(200);
    const spent = await ask(await wallet.proof(base, c_nonce));
    expect(spent.status).toBe(401);
    expect(spent.body.error).toBe('invalid_token');
  }, 120_000);
});

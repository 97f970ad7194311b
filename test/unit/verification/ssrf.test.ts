await vi.hoisted(async () => (await import('../../support/function-env')).runAs('verify'));
// POST /verify cannot be made to fetch internal addresses: not the URL it is given, not the URLs inside
// a submitted or a fetched document (id, badge, issuer, verificationMethod, statusListCredential, kid,
// revocationList), not a redirect. A loopback canary counts every request that gets through; every case
// must leave it at 0 hits and answer verified: false with the one generic reason. The "public" issuer
// is a local server that an injected resolver gives a public address (see guarded-fetch.test.ts).
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { verifyBadge, type VerificationResult, type VerifyInput } from '../../../functions/domain/verification';
import { guardedFetch, guardedFetcher, internet } from '../../../functions/net/guarded-fetch';
import { isPublicAddress } from '../../../functions/net/public-address';
import { documentFetcher, fetchDocument } from '../../../functions/verify/fetch-document';
import { LOOPBACK_HOSTS, startCanary, startLocalServer, type Canary, type LocalServer } from '../../support/canary';
import { NOW } from './web';

const PUBLIC_ADDRESS = '93.184.216.34';
let canary: Canary;
let issuer: LocalServer;
let issuerPort: number;
const served = new Map<string, unknown>();

beforeAll(async () => {
  canary = await startCanary();
  issuer = await startLocalServer((request, response) => {
    const redirect = /^\/to\/(.+)$/.exec(request.url!)?.[1];
    if (redirect) return response.writeHead(302, { location: decodeURIComponent(redirect) }).end();
    const document = served.get(request.url!);
    if (document === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify(document));
  });
  issuerPort = issuer.port;
});

afterAll(async () => {
  await canary.close();
  await issuer.close();
});

beforeEach(() => {
  canary.hits.length = 0;
  served.clear();
});

const internal = (host = '127.0.0.1', path = '/secret') => `http://${host}:${canary.port}${path}`;
const publicUrl = (path: string) => `http://issuer.example:${issuerPort}${path}`;

// Production's rule and resolver for everything but issuer.example, whose checked public address is
// dialled to the local issuer server.
const viaPublicIssuer = guardedFetcher({
  resolve: async (hostname): Promise<LookupAddress[]> => (hostname === 'issuer.example' ? [{ address: PUBLIC_ADDRESS, family: 4 }] : internet.resolve(hostname)),
  allows: isPublicAddress,
  dial: (checked) => (checked.address === PUBLIC_ADDRESS ? { address: '127.0.0.1', family: 4 } : checked),
});
const deps = (fetch = viaPublicIssuer) => ({
  // The canary's port is allowed, so that only the address rule stands between it and the request.
  fetchDocument: documentFetcher({ isOwnUrl: () => false, ownDocument: async () => undefined, fetch, allowedPorts: [canary.port, issuerPort] }),
  now: NOW,
  createDocumentLoader,
});

async function verify(input: VerifyInput, fetch = viaPublicIssuer): Promise<VerificationResult> {
  return verifyBadge(input, deps(fetch));
}

/** Nothing of what is on internal addresses, or of how they answered, is in the answer. */
function expectNothingOfTheTarget(result: VerificationResult) {
  const text = JSON.stringify(result);
  for (const leak of ['canary', 'InternalSecret', 'internal-secret-id', 'ECONNREFUSED', 'ENOTFOUND', 'timed out', 'HTTP 200', 'content type', 'application/json']) expect(text).not.toContain(leak);
}

const failing = (result: VerificationResult) => result.reports.flatMap((r) => r.checks.filter((c) => !c.passed));

const credentialNaming = (url: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:2f4b1c1e-6f7e-4b53-9a36-1f0c5d2b7a10',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: url, type: ['Profile'], name: 'Someone' },
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'urn:uuid:0c0e2d10-0c5a-4b8e-9f6a-0a1b2c3d4e5f', type: ['Achievement'], name: 'x', description: 'x', criteria: { narrative: 'x' } } },
  credentialStatus: { id: `${url}#1`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: url },
  proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2025-01-01T00:00:00Z', verificationMethod: `${url}#key`, proofPurpose: 'assertionMethod', proofValue: 'z3FXQjecWRkBZ5N3zsL2bz8zGGgt4FLxNDy9Pj5hbbBWsn3Q2ZK1ehsUr6uTUvK9vC4sRhZ4VFJAKqa3pKfpwnLDx' }],
});

const assertionNaming = (id: string, badge: string) => ({
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id,
  recipient: { type: 'email', hashed: false, identity: 'someone@example.org' },
  badge,
  verification: { type: 'hosted' },
  issuedOn: '2025-01-01T00:00:00Z',
});

const jws = (header: object, payload: object) =>
  [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

describe('POST /verify and internal addresses', () => {
  it.each(LOOPBACK_HOSTS)('refuses the URL %s with the generic reason, 0 canary hits', async (host) => {
    const url = `http://${host}:${canary.port}/badge.json`;
    const result = await verify({ url }, guardedFetch);
    expect(result.verified).toBe(false);
    expect(result.reports).toEqual([{ format: 'unknown', verified: false, checks: [{ check: 'format', passed: false, detail: `nothing to verify: could not fetch ${url}` }] }]);
    expect(canary.hits).toEqual([]);
  });

  it('as the handler wires it (no extra ports configured): 0 canary hits', async () => {
    for (const host of LOOPBACK_HOSTS) {
      const result = await verifyBadge({ url: `http://${host}:${canary.port}/badge.json` }, { fetchDocument, now: NOW, createDocumentLoader });
      expect(result.verified).toBe(false);
      expect(failing(result)[0]!.detail).toMatch(/^nothing to verify: could not fetch http:\/\//);
    }
    expect(canary.hits).toEqual([]);
  });

  it('says the same of an open port, a closed port and the metadata address: nothing to tell them apart', async () => {
    const closed = (await startCanary());
    await closed.close();
    const details = await Promise.all(
      [internal('127.0.0.1', '/'), `http://127.0.0.1:${closed.port}/`, 'http://169.254.169.254/'].map(async (url) => failing(await verify({ url }))[0]!.detail.replace(url, 'URL')),
    );
    expect(new Set(details)).toEqual(new Set(['nothing to verify: could not fetch URL']));
    expect(canary.hits).toEqual([]);
  });

  it('refuses the internal URLs inside a submitted OB 2.0 assertion: its id, and (once hosted publicly) its badge and issuer', async () => {
    const byId = await verify({ assertion: assertionNaming(internal(), internal()) });
    expect(failing(byId)).toEqual([{ check: 'hosted', passed: false, detail: `could not fetch ${internal()}` }]);

    const assertion = assertionNaming(publicUrl('/assertion'), internal('127.0.0.1', '/badge-class'));
    served.set('/assertion', assertion);
    const byBadge = await verify({ assertion });
    expect(failing(byBadge)).toContainEqual({ check: 'badge-class', passed: false, detail: `the badge class could not be read: could not fetch ${internal('127.0.0.1', '/badge-class')}` });

    served.set('/badge-class', { '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: publicUrl('/badge-class'), name: 'n', description: 'd', image: 'https://x.example/i.png', criteria: { narrative: 'c' }, issuer: internal('[::ffff:127.0.0.1]', '/issuer') });
    served.set('/assertion', { ...assertion, badge: publicUrl('/badge-class') });
    const byIssuer = await verify({ assertion: { ...assertion, badge: publicUrl('/badge-class') } });
    expect(failing(byIssuer)).toContainEqual(expect.objectContaining({ check: 'issuer', detail: `the issuer profile could not be read: could not fetch ${internal('[::ffff:127.0.0.1]', '/issuer')}` }));
    for (const result of [byId, byBadge, byIssuer]) {
      expect(result.verified).toBe(false);
      expectNothingOfTheTarget(result);
    }
    expect(canary.hits).toEqual([]);
  });

  it('refuses the internal URLs inside a submitted OB 3.0 credential: issuer, verificationMethod, statusListCredential', async () => {
    const result = await verify({ credential: credentialNaming(internal('localhost')) });
    expect(result.verified).toBe(false);
    expect(failing(result).find((c) => c.check === 'status')).toEqual({ check: 'status', passed: false, detail: `status unknown: could not fetch ${internal('localhost')}` });
    expectNothingOfTheTarget(result);
    expect(canary.hits).toEqual([]);
  });

  it("refuses a VC-JWT's kid and an OB 2.0 JWS's issuer on internal addresses", async () => {
    const token = jws({ alg: 'EdDSA', kid: internal('0.0.0.0', '/key') }, credentialNaming(internal('127.1', '/issuer')));
    const jwt = await verify({ credential: token });
    expect(jwt.reports[0]!.checks.find((c) => c.check === 'signature')).toEqual({ check: 'signature', passed: false, detail: `not verified: could not fetch ${internal('0.0.0.0', '/key')}` });
    const signed = await verify({ assertion: jws({ alg: 'RS256' }, { ...assertionNaming('urn:uuid:x', internal('2130706433', '/badge')), verification: { type: 'signed' } }) });
    for (const result of [jwt, signed]) {
      expect(result.verified).toBe(false);
      expectNothingOfTheTarget(result);
    }
    expect(canary.hits).toEqual([]);
  });

  it('refuses what a document fetched from a public host names: badge, issuer, revocation list, status list, keys', async () => {
    served.set('/credential', credentialNaming(internal('[::1]')));
    served.set('/assertion', assertionNaming(publicUrl('/assertion'), publicUrl('/badge-class')));
    served.set('/badge-class', { '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: publicUrl('/badge-class'), name: 'n', description: 'd', image: 'https://x.example/i.png', criteria: { narrative: 'c' }, issuer: publicUrl('/issuer') });
    served.set('/issuer', { '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: publicUrl('/issuer'), name: 'i', url: 'https://x.example', email: 'i@x.example', revocationList: internal('0x7f000001', '/revocations') });
    const ob3 = await verify({ url: publicUrl('/credential') });
    const ob2 = await verify({ url: publicUrl('/assertion') });
    expect(failing(ob2)).toEqual([{ check: 'status', passed: false, detail: `revocation unknown: the issuer's revocation list could not be read: could not fetch ${internal('0x7f000001', '/revocations')}` }]);
    for (const result of [ob3, ob2]) {
      expect(result.verified).toBe(false);
      expectNothingOfTheTarget(result);
    }
    expect(canary.hits).toEqual([]);
  });

  it('refuses a redirect from a public host to an internal address', async () => {
    for (const target of [internal(), internal('localhost'), internal('[::1]'), 'http://169.254.169.254/latest/meta-data/']) {
      const url = publicUrl(`/to/${encodeURIComponent(target)}`);
      const result = await verify({ url });
      expect(failing(result)).toEqual([{ check: 'format', passed: false, detail: `nothing to verify: could not fetch ${url}` }]);
    }
    expect(canary.hits).toEqual([]);
  });

  it('reports the HTTP status of a public host, but nothing of a document that is not a badge', async () => {
    served.set('/secret.json', { type: 'Config', id: 'config-id-value', name: 'secret name', password: 'hunter2', badge: internal() });
    const result = await verify({ url: publicUrl('/secret.json') });
    expect(failing(result)).toEqual([{ check: 'format', passed: false, detail: `${publicUrl('/secret.json')} does not serve an Open Badges 2.0 Assertion` }]);
    expect(JSON.stringify(result)).not.toMatch(/config-id-value|secret name|hunter2|Config/);
    expect(failing(await verify({ url: publicUrl('/missing') }))).toEqual([{ check: 'format', passed: false, detail: `nothing to verify: ${publicUrl('/missing')} answered HTTP 404` }]);
    expect(canary.hits).toEqual([]);
  });
});

// The test double for deps.fetchDocument: a small web of documents by URL, every other URL 404. The
// fixture web serves the 1EdTech validator fixtures where MANIFEST.json says they live, and stands in
// for the fixture issuers by publishing the keys their fixtures are signed with.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../support/openbadges-reference';
import { CONTEXTS } from '../../../functions/domain/credentials/context-urls';
import { buildControllerDocument } from '../../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import type { FetchDocument, VerifyDeps } from '../../../functions/domain/verification';
import { FetchDocumentError } from '../../../functions/domain/verification';
import { unbake } from '../../../functions/domain/baking';

export const FIXTURES = join(REFERENCE_DIR, 'fixtures');
export const fixtureBytes = (path: string) => readFileSync(`${FIXTURES}/${path}`);
export const fixtureJson = (path: string) => JSON.parse(readFileSync(`${FIXTURES}/${path}`, 'utf8')) as Record<string, any>;

/** After every fixture's issue date, before simple-err-issued's 2040 and after the expired ones. */
export const NOW = new Date('2026-06-01T00:00:00Z');

interface Page {
  status: number;
  body: Buffer;
  contentType: string;
}

export class Web {
  private readonly pages = new Map<string, Page>();
  /** Every URL asked for, in order. */
  readonly requested: string[] = [];

  serve(url: string, document: unknown, contentType = 'application/ld+json'): this {
    const body = Buffer.isBuffer(document) ? document : Buffer.from(typeof document === 'string' ? document : JSON.stringify(document));
    this.pages.set(url, { status: 200, body, contentType });
    return this;
  }

  /** An error status, with an optional body (a 410 may say why). */
  answer(url: string, status: number, document?: unknown): this {
    this.pages.set(url, { status, body: Buffer.from(document === undefined ? '' : JSON.stringify(document)), contentType: 'application/json' });
    return this;
  }

  /** Served from a file when no page is set: e.g. fixture assets. */
  fallback: (url: string) => Page | undefined = () => undefined;

  readonly fetchDocument: FetchDocument = async (url) => {
    this.requested.push(url);
    const page = this.pages.get(url) ?? this.fallback(url);
    if (!page) throw new FetchDocumentError('HTTP 404', 404);
    if (page.status !== 200) throw new FetchDocumentError(`HTTP ${page.status}`, page.status, page.body);
    return { contentType: page.contentType, body: page.body };
  };

  deps(now = NOW): VerifyDeps {
    return { fetchDocument: this.fetchDocument, now, createDocumentLoader };
  }
}

// MANIFEST: "Every URL under https://example.org/, https://www.example.org/ and http://example.org/
// resolves to ob20/assets/<path>".
function ob20Asset(url: string): Page | undefined {
  const path = /^https?:\/\/(?:www\.)?example\.org\/([\w.-]+)$/.exec(url)?.[1];
  if (!path || !existsSync(`${FIXTURES}/ob20/assets/${path}`)) return undefined;
  return { status: 200, body: fixtureBytes(`ob20/assets/${path}`), contentType: path.endsWith('.png') ? 'image/png' : 'application/ld+json' };
}

/** The status list that bitstring-status-list/credential-status-revoked*.json name. */
export const FIXTURE_STATUS_LIST_URL =
  'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist';

/** A controller document publishing several keys: Multikeys (Data Integrity) and JWKs (VC-JWT). */
export function issuerKeys(id: string, multikeys: string[], jwks: object[] = []) {
  const multikeyMethods = multikeys.flatMap((key) => buildControllerDocument(id, key).verificationMethod);
  const jwkMethods = jwks.map((publicKeyJwk, i) => ({ id: `${id}#jwk-${i}`, type: 'JsonWebKey', controller: id, publicKeyJwk }));
  const verificationMethod = [...multikeyMethods, ...jwkMethods];
  return {
    '@context': [CONTEXTS.didV1, CONTEXTS.multikeyV1],
    id,
    verificationMethod,
    assertionMethod: verificationMethod.map((m) => m.id),
  };
}

const jwtHeaderJwk = (image: string) => {
  const token = unbake(fixtureBytes(image)).openbadgecredential!;
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).jwk as object;
};

// The keys each 1EdTech fixture issuer signs with (the validator reads them from the proof's
// #fragment; a verifier that trusts only the issuer's own documents needs them published there).
const FIXTURE_KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
export const fixtureIssuers = () => [
  // The second key signs the baked simple-json.png/svg (and simple-err-proof-value, whose value is wrong).
  // The third signs simple_v1.json (Ed25519Signature2020, VC 1.1).
  issuerKeys('https://example.com/issuers/876543', [FIXTURE_KEY, 'z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x', 'z6MknNHHrBzPytzu6CUBP9Lg7fg4KSBjzimc2Frh693YbMiv']),
  issuerKeys('https://example.edu/issuers/565049', [FIXTURE_KEY]),
  issuerKeys(
    'https://1edtech.edu/issuers/565049',
    [FIXTURE_KEY, 'z6Mknyb2Gb4NxzW3xSr9ChTtdQZ1zs77piQ3r9SaJ9vMzmrs'],
    [jwtHeaderJwk('ob30/simple-jwt.png'), jwtHeaderJwk('ob30/simple-jwt.svg')],
  ),
  issuerKeys('https://state.gov/issuers/565049', ['z6MkoMGF38Ck9xkdqrbZt4h9eHb1qc3GhAAkoSWa4Vy3SHRN', 'z6MkmQ49FhpMN7V11B7Qzc6WC6Q3ymVW4xmHUsHBR2MWMMo1']),
];

/** The 1EdTech fixtures' web: OB 2.0 assets, the OB 3.0 issuers' keys, the bitstring status list. */
export function fixtureWeb(): Web {
  const web = new Web();
  web.fallback = ob20Asset;
  for (const issuer of fixtureIssuers()) web.serve(issuer.id, issuer);
  web.serve(FIXTURE_STATUS_LIST_URL, fixtureJson('ob30/bitstring-status-list/testlist.json'));
  return web;
}

// The verify group's service: the city's own public documents (assertions, credentials, issuer profiles, badge classes, status
// lists), read from its own table and signing key as the public routes build them, never fetched over
// the network: verifying the city's own badges needs no request to itself, and on the local city
// (whose URLs are on localhost, which the guarded fetcher refuses) it is the only way they verify.
// Built by the services the public GET routes call; a URL under the city's base URL that names none of them is
// not found, and is never fetched either.
import { readCity } from '../../definitions/city-env';
import type { RouteKey } from '../../definitions/routes';
import { getAward } from '../data/awards';
import { getBadgeClass, getBadgeClassVersion } from '../data/badge-classes';
import { DomainError, notFound } from '../domain/errors';
import { servedAssertion } from '../domain/openbadges/assertion';
import { badgeClassV2 } from '../domain/openbadges/badge-class';
import { matchPath } from '../http/match';
import { issuerProfileV2, issuerProfileV3 } from '../issuers/service';
import { signedRevocationList } from '../status-lists/service';

const { baseUrl } = readCity();

// Not the badges and badge classes groups' services: those also serve images, from the bucket this
// group has no grant for.
const found = async <T>(lookup: Promise<T | undefined>, what: string): Promise<T> => {
  const value = await lookup;
  if (value === undefined) throw notFound(what);
  return value;
};
const publicAward = (id: string) => found(getAward(id), `Badge ${id}`);
const currentBadgeClass = (id: string) => found(getBadgeClass(id), `Badge class ${id}`);
const badgeClassVersion = (id: string, version: number) => found(getBadgeClassVersion(id, version), `Badge class ${id} version ${version}`);

type Params = Record<string, string>;
type Build = (params: Params) => Promise<object | undefined>;

/** A document the public routes' own services build, or undefined where they answer "not found". */
const orNone =
  (build: (params: Params) => Promise<object>): Build =>
  async (params) => {
    try {
      return await build(params);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  };

/**
 * The public routes whose documents a badge names, each built by the service its route calls. The
 * assertion is the provider's view (revoked: true with the reason), which a hosted verifier reads as
 * revoked, as it reads the route's 410.
 */
export const OWN_DOCUMENTS: Partial<Record<RouteKey, Build>> = {
  'GET /badges/{awardId}': orNone(async (params) => servedAssertion(await publicAward(params.awardId!))),
  'GET /badges/{awardId}/credential': orNone(async (params) => (await publicAward(params.awardId!)).credential),
  'GET /issuers/{issuerId}': orNone((params) => issuerProfileV2(params.issuerId!)),
  'GET /issuers/{issuerId}/profile': orNone((params) => issuerProfileV3(params.issuerId!)),
  'GET /badge-classes/{badgeClassId}': orNone(async (params) => badgeClassV2(await currentBadgeClass(params.badgeClassId!), baseUrl, 'current')),
  'GET /badge-classes/{badgeClassId}/versions/{version}': async (params) => {
    if (!/^[1-9]\d{0,8}$/.test(params.version!)) return undefined;
    return orNone(async () => badgeClassV2(await badgeClassVersion(params.badgeClassId!, Number(params.version)), baseUrl, 'version'))(params);
  },
  'GET /status-lists/{issuerId}': orNone((params) => signedRevocationList(params.issuerId!)),
};

// Ids are short slugs and UUIDs; a longer segment is no document of ours, and never a table key.
const MAX_SEGMENT = 200;

/** Whether a URL is under the city's public base URL (and so is never fetched over the network). */
export function isOwnUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  const base = new URL(baseUrl);
  return parsed.origin === base.origin && parsed.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/`);
}

/** The document a URL of ours names, or undefined when there is none. */
export async function ownDocument(url: string): Promise<object | undefined> {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = new URL(url).pathname.slice(basePath.length);
  for (const [key, build] of Object.entries(OWN_DOCUMENTS)) {
    const raw = matchPath(key.slice('GET '.length), path);
    const params = raw && decodeParams(raw);
    if (params) return build(params);
  }
  return undefined;
}

function decodeParams(raw: Params): Params | undefined {
  try {
    const params = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeURIComponent(value)]));
    return Object.values(params).every((value) => value.length <= MAX_SEGMENT) ? params : undefined;
  } catch {
    return undefined;
  }
}

// The city's own public documents (assertions, credentials, issuer profiles, badge classes, status
// lists), read from its own table and signing key as the public routes build them, never fetched over
// the network: verifying the city's own badges needs no request to itself, and on the local city
// (whose URLs are on localhost, which the guarded fetcher refuses) it is the only way they verify.
// Mirrors the public GET routes' handlers; a URL under the city's base URL that names none of them is
// not found, and is never fetched either.
import { readCity } from '../../definitions/city-env';
import { allocatedIndices, getAward, revokedIndices } from '../data/awards';
import { getBadgeClass, getBadgeClassVersion } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { signCredential } from '../domain/credentials/sign';
import { buildStatusListCredential, createStatusList, encodeList, setStatus, STATUS_LIST_BITS } from '../domain/credentials/status-list';
import { servedAssertion } from '../domain/openbadges/assertion';
import { badgeClassV2 } from '../domain/openbadges/badge-class';
import { issuerUrls, issuerV2, profileV3, statusListUrl } from '../domain/openbadges/issuer';
import { matchPath } from '../http/match';
import { cityPublicKeyMultibase, citySigner } from '../signing/city-key';
import type { RouteKey } from '../../definitions/routes';

const { baseUrl } = readCity();
const loader = createDocumentLoader();

type Params = Record<string, string>;
type Build = (params: Params) => Promise<object | undefined>;

const award = (params: Params) => getAward(params.awardId!);
const provider = (params: Params) => getProvider(params.issuerId!);

async function statusList(params: Params): Promise<object | undefined> {
  const [found, revoked, allocated] = await Promise.all([provider(params), revokedIndices(params.issuerId!), allocatedIndices(params.issuerId!)]);
  if (!found) return undefined;
  // As GET /status-lists/{issuerId} builds it: at least the spec's minimum, covering every index handed out.
  const list = createStatusList(Math.max(1, Math.ceil(allocated / STATUS_LIST_BITS)) * STATUS_LIST_BITS);
  for (const index of revoked) setStatus(list, index, true);
  const issuer = issuerUrls(baseUrl, found.id).v3;
  const credential = buildStatusListCredential({ id: statusListUrl(baseUrl, found.id), issuer, validFrom: found.createdAt, encodedList: encodeList(list) });
  return signCredential(credential, await citySigner(issuer), loader);
}

/** The public routes whose documents a badge names, each built as its handler builds it. */
export const OWN_DOCUMENTS: Partial<Record<RouteKey, Build>> = {
  'GET /badges/{awardId}': async (params) => {
    const found = await award(params);
    return found && servedAssertion(found);
  },
  'GET /badges/{awardId}/credential': async (params) => (await award(params))?.credential,
  'GET /issuers/{issuerId}': async (params) => {
    const found = await provider(params);
    return found && issuerV2(found, baseUrl);
  },
  'GET /issuers/{issuerId}/profile': async (params) => {
    const found = await provider(params);
    return found && profileV3(found, baseUrl, await cityPublicKeyMultibase());
  },
  'GET /badge-classes/{badgeClassId}': async (params) => {
    const found = await getBadgeClass(params.badgeClassId!);
    return found && badgeClassV2(found, baseUrl, 'current');
  },
  'GET /badge-classes/{badgeClassId}/versions/{version}': async (params) => {
    const version = /^[1-9]\d{0,8}$/.test(params.version!) ? Number(params.version) : undefined;
    const found = version === undefined ? undefined : await getBadgeClassVersion(params.badgeClassId!, version);
    return found && badgeClassV2(found, baseUrl, 'version');
  },
  'GET /status-lists/{issuerId}': statusList,
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

// The key a VC-JWT is verified with, and whether it is the issuer's. The OB 3.0 JOSE header names the
// key by `kid` (a URL to dereference) or carries it as `jwk`. Either way the key counts as the
// issuer's only when the issuer's own profile (fetched from the issuer's id) publishes it: a key
// carried in the token, or a key document claiming a controller, is the signer's word alone, and
// anyone can sign with a key of their own.
import type { KeyObject } from 'node:crypto';
import { callerMessage } from '../errors';
import type { FetchJson } from './fetch';
import { asList, asObject, idOf, isHttpUrl, textOf, type Json } from './json';
import { publicKeyFromJwk } from './jws';
import { fail, pass, type Check } from './report';

export interface JwtKey {
  key?: KeyObject;
  /** Why there is no key to verify with. */
  problem?: string;
  issuer: Check;
}

export async function resolveJwtKey(header: Json, issuerId: string | undefined, fetchJson: FetchJson): Promise<JwtKey> {
  const kid = textOf(header.kid);
  if (kid !== undefined) return dereferencedKey(kid, issuerId, fetchJson);
  if (header.jwk !== undefined) return carriedKey(header.jwk, issuerId, fetchJson);
  return noKey('the JOSE header names no key (neither kid nor jwk)');
}

const noKey = (problem: string): JwtKey => ({ problem, issuer: fail('issuer', `the signing key is unknown: ${problem}`) });

async function dereferencedKey(kid: string, issuerId: string | undefined, fetchJson: FetchJson): Promise<JwtKey> {
  if (!isHttpUrl(kid)) return noKey(`the key ${kid} cannot be dereferenced: only HTTP(S) key URLs are supported`);
  let published: unknown;
  try {
    published = jwkAt(await fetchJson(kid), kid);
  } catch (error) {
    return noKey((error as Error).message);
  }
  if (published === undefined) return noKey(`${kid} does not publish a JWK`);
  let key: KeyObject;
  try {
    key = publicKeyFromJwk(published);
  } catch (error) {
    return noKey(`${kid}: ${callerMessage(error, 'not a usable public key')}`);
  }
  return {
    key,
    issuer: (await issuerListsKey(issuerId, kid, fetchJson))
      ? pass('issuer', `signed with ${kid}, a key its issuer's profile ${issuerId} publishes`)
      : fail('issuer', `the key ${kid} is not published by the issuer's profile ${issuerId ?? '(none)'}`),
  };
}

// The key is in the issuer's profile itself, or the profile names it among its verification methods.
async function issuerListsKey(issuerId: string | undefined, kid: string, fetchJson: FetchJson): Promise<boolean> {
  if (!isHttpUrl(issuerId)) return false;
  if (kid.split('#')[0] === issuerId) return true;
  const profile = await fetchJson(issuerId).catch(() => undefined);
  return [...asList(profile?.assertionMethod), ...asList(profile?.verificationMethod)].some((method) => idOf(method) === kid);
}

async function carriedKey(jwk: unknown, issuerId: string | undefined, fetchJson: FetchJson): Promise<JwtKey> {
  let key: KeyObject;
  try {
    key = publicKeyFromJwk(jwk);
  } catch (error) {
    return noKey(`the header's jwk: ${callerMessage(error, 'not a usable public key')}`);
  }
  const unpublished = fail('issuer', `the token carries its own key (jwk) and the issuer's profile ${issuerId ?? '(none)'} does not publish it: anyone could have signed it`);
  if (!isHttpUrl(issuerId)) return { key, issuer: unpublished };
  let profile: Json;
  try {
    profile = await fetchJson(issuerId);
  } catch (error) {
    return { key, issuer: fail('issuer', `the issuer's profile could not be read to find the token's key: ${(error as Error).message}`) };
  }
  return { key, issuer: publishedJwks(profile).some((candidate) => sameKey(candidate, key)) ? pass('issuer', `signed with a key the issuer's profile ${issuerId} publishes`) : unpublished };
}

// Where a document may publish a JWK: as the document itself, in a JWK Set, or as a verification
// method's publicKeyJwk (a controller document, possibly the issuer's profile).
function jwkAt(document: Json, kid: string): unknown {
  if (document.kty !== undefined) return document;
  const fragment = kid.split('#')[1];
  const inSet = asList(document.keys).map(asObject).find((k) => k?.kid === kid || (fragment !== undefined && k?.kid === fragment));
  if (inSet) return inSet;
  return [document, ...asList(document.verificationMethod).map(asObject)].find((node) => idOf(node?.id) === kid)?.publicKeyJwk;
}

const publishedJwks = (profile: Json): unknown[] => [
  ...asList(profile.keys),
  ...[profile, ...asList(profile.verificationMethod).map(asObject)].flatMap((node) => (node?.publicKeyJwk === undefined ? [] : [node.publicKeyJwk])),
];

function sameKey(jwk: unknown, key: KeyObject): boolean {
  try {
    return publicKeyFromJwk(jwk).equals(key);
  } catch {
    return false;
  }
}

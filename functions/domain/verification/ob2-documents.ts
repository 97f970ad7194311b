// The three Open Badges 2.0 documents a badge is made of (Assertion, BadgeClass, issuer Profile), each
// checked for the properties the 2.0 specification requires of it.
import type { FetchJson } from './fetch';
import { asObject, hasType, idOf, isHttpUrl, textOf, type Json } from './json';
import { fail, pass, type Check } from './report';

const OB2_CONTEXTS = ['https://w3id.org/openbadges/v2', 'https://openbadgespec.org/v2/context.json'];

export type VerificationType = 'hosted' | 'signed';
// The context defines the short names as aliases of the full ones.
const VERIFICATION_TYPES: Record<VerificationType, string[]> = { hosted: ['hosted', 'HostedBadge'], signed: ['signed', 'SignedBadge'] };

/** Context, type and required properties of an Assertion verified the given way. */
export function checkAssertionFormat(assertion: Json, verification: VerificationType): Check {
  const problems: string[] = [];
  const contexts = [assertion['@context']].flat();
  if (!contexts.some((c) => typeof c === 'string' && OB2_CONTEXTS.includes(c))) problems.push('@context does not include the Open Badges 2.0 context');
  if (!hasType(assertion, 'Assertion')) problems.push(`type is ${JSON.stringify(assertion.type)}, not Assertion`);
  const missing = ['id', 'recipient', 'badge', 'verification', 'issuedOn'].filter((property) => assertion[property] === undefined);
  if (missing.length) problems.push(`required ${missing.join(', ')} missing`);
  const recipient = asObject(assertion.recipient);
  if (assertion.recipient !== undefined && (!recipient || !textOf(recipient.identity) || !textOf(recipient.type))) problems.push('recipient needs a type and an identity');
  const declared = asObject(assertion.verification)?.type;
  if (assertion.verification !== undefined && !hasType(asObject(assertion.verification), ...VERIFICATION_TYPES[verification])) {
    problems.push(`verification type is ${JSON.stringify(declared)}, not ${verification}`);
  }
  // The assertion's image is the baked badge, fetched by URL; a data: URI is allowed for BadgeClass images only.
  if (idOf(assertion.image)?.startsWith('data:')) problems.push('image must be a URL, not a data: URI');
  return problems.length ? fail('format', problems.join('; ')) : pass('format', `an Open Badges 2.0 Assertion with ${verification} verification`);
}

export interface Resolved {
  node?: Json;
  check: Check;
}

/**
 * The BadgeClass, embedded or fetched from its URL. A document that does not say it is one is reported
 * as that alone, with nothing it contains, and is not followed further: a badge may name any URL, and
 * a report must not become a way to read someone else's documents.
 */
export async function resolveBadgeClass(assertion: Json, fetchJson: FetchJson): Promise<Resolved> {
  let badgeClass: Json;
  try {
    badgeClass = await embeddedOrFetched(assertion.badge, fetchJson);
  } catch (error) {
    return { check: fail('badge-class', `the badge class could not be read: ${(error as Error).message}`) };
  }
  if (!hasType(badgeClass, 'BadgeClass')) return { check: fail('badge-class', `${idOf(assertion.badge) ?? 'the embedded badge class'} is not a BadgeClass`) };
  const problems: string[] = [];
  const missing = ['id', 'name', 'description', 'image', 'criteria', 'issuer'].filter((property) => badgeClass[property] === undefined);
  if (missing.length) problems.push(`required ${missing.join(', ')} missing`);
  if (problems.length) return { node: badgeClass, check: fail('badge-class', problems.join('; ')) };
  return { node: badgeClass, check: pass('badge-class', `"${String(badgeClass.name)}" (${String(badgeClass.id)})`) };
}

/**
 * The issuer Profile, always fetched from its own id, never taken as embedded: it says which origins
 * may host the issuer's assertions and which keys sign them, so a copy inside the badge would let a
 * badge vouch for itself. The profile must say it is the issuer at that URL's origin.
 */
export async function resolveIssuer(badgeClass: Json | undefined, fetchJson: FetchJson): Promise<Resolved> {
  if (!badgeClass) return { check: fail('issuer', 'no badge class to name the issuer') };
  const issuerUrl = idOf(badgeClass.issuer);
  if (!isHttpUrl(issuerUrl)) return { check: fail('issuer', `the issuer ${issuerUrl ?? '(none)'} is not an HTTP(S) URL its profile can be read at`) };
  let issuer: Json;
  try {
    issuer = await fetchJson(issuerUrl);
  } catch (error) {
    return { check: fail('issuer', `the issuer profile could not be read: ${(error as Error).message}`) };
  }
  // As for the badge class: a document that is no issuer profile is reported as that alone.
  if (!hasType(issuer, 'Issuer', 'Profile')) return { check: fail('issuer', `${issuerUrl} is not an Issuer or Profile`) };
  const problems: string[] = [];
  const id = idOf(issuer.id);
  if (!isHttpUrl(id) || new URL(id).host !== new URL(issuerUrl).host) problems.push(`the profile at ${issuerUrl} says its id is ${id ?? '(none)'}, not a URL on that host`);
  const missing = ['name', 'url', 'email'].filter((property) => issuer[property] === undefined);
  if (missing.length) problems.push(`required ${missing.join(', ')} missing`);
  if (problems.length) return { node: issuer, check: fail('issuer', problems.join('; ')) };
  return { node: issuer, check: pass('issuer', `"${String(issuer.name)}" (${id})`) };
}

// A node given with more than its id is embedded; a bare id (string or { id }) is fetched.
async function embeddedOrFetched(value: unknown, fetchJson: FetchJson): Promise<Json> {
  const embedded = asObject(value);
  if (embedded && Object.keys(embedded).some((key) => key !== 'id')) return embedded;
  const url = idOf(value);
  if (!url) throw new Error('it is neither a URL nor an embedded document');
  return fetchJson(url);
}

// Which verification a badge gets, from what it is and where it came from: the input field for JSON
// and tokens, the baking keyword for what an image carries, the fetched document for a URL.
import type { BadgeKeyword } from '../baking';
import type { VerifyContext } from './context';
import { FetchDocumentError } from './fetch';
import { asObject, hasType, idOf, isHttpUrl, parseJsonObject, type Json } from './json';
import { isCompactJws } from './jws';
import { checkAssertionFormat } from './ob2-documents';
import { verifyHostedAssertion } from './ob2-hosted';
import { verifySignedAssertion } from './ob2-signed';
import { verifyEmbeddedProofCredential } from './ob3-credential';
import { verifyCredentialJwt } from './ob3-jwt';
import { fail, report, type VerificationReport } from './report';

/** An OB 2.0 assertion as JSON: hosted verification from its id. */
export async function verifyAssertionJson(assertion: Json, context: VerifyContext): Promise<VerificationReport> {
  if (hasType(asObject(assertion.verification), 'signed', 'SignedBadge')) {
    return report('ob2-signed', [fail('signature', 'a signed assertion is verified from its JWS; the assertion as JSON carries no signature')]);
  }
  const id = idOf(assertion.id);
  if (!isHttpUrl(id)) return report('ob2-hosted', [checkAssertionFormat(assertion, 'hosted'), fail('hosted', 'no HTTP(S) id to fetch the hosted assertion from')]);
  return verifyHostedAssertion(id, assertion, context);
}

/** A URL: an OB 3.0 credential if what it serves is one, else an OB 2.0 hosted assertion. */
export async function verifyUrl(url: string, context: VerifyContext): Promise<VerificationReport> {
  let document: Json;
  try {
    document = await context.fetchJson(url);
  } catch (error) {
    // Gone is how a hosted assertion is revoked, which the hosted verification reports as such.
    if (error instanceof FetchDocumentError && error.status === 410) return verifyHostedAssertion(url, undefined, context);
    return report('unknown', [fail('format', `nothing to verify: ${(error as Error).message}`)]);
  }
  return hasType(document, 'VerifiableCredential') ? verifyEmbeddedProofCredential(document, context) : verifyHostedAssertion(url, undefined, context);
}

/** What an image carries under one keyword: JSON, a compact JWS, or (OB 2.0 hosted) a URL. */
export async function verifyBakedPayload(keyword: BadgeKeyword, payload: string, context: VerifyContext): Promise<VerificationReport> {
  const text = payload.trim();
  const json = parseJsonObject(text);
  if (json) return keyword === 'openbadges' ? verifyAssertionJson(json, context) : verifyEmbeddedProofCredential(json, context);
  if (isCompactJws(text)) return keyword === 'openbadges' ? verifySignedAssertion(text, context) : verifyCredentialJwt(text, context);
  if (isHttpUrl(text)) return verifyUrl(text, context);
  return report('unknown', [fail('format', `the image's ${keyword} payload is neither JSON, a compact JWS nor a URL`)]);
}

// Verifying a badge from any issuer, as a verifier anywhere would: Open Badges 2.0 (hosted or signed)
// and 3.0 (embedded proof or VC-JWT), given as a baked image, a URL, or the JSON or token itself.
// Pure domain code: everything remote comes through deps.fetchDocument.
import { BakingError, unbake, type BadgeKeyword } from '../baking';
import { invalid } from '../errors';
import type { VerifyContext, VerifyDeps } from './context';
import { jsonFetcher } from './fetch';
import { parseVerifyInput, type BadgeSource, type VerifyInput } from './input';
import { verifySignedAssertion } from './ob2-signed';
import { verifyEmbeddedProofCredential } from './ob3-credential';
import { verifyCredentialJwt } from './ob3-jwt';
import type { VerificationReport, VerificationResult } from './report';
import { verifyAssertionJson, verifyBakedPayload, verifyUrl } from './sources';

export type { VerifyDeps } from './context';
export { FetchDocumentError, type FetchDocument, type FetchedDocument } from './fetch';
export type { VerifyInput } from './input';
export type { BadgeFormat, BadgeSummary, Check, CheckName, VerificationReport, VerificationResult } from './report';

/**
 * Throws DomainError 'invalid' (naming the field) when the input is not a badge at all: nothing or two
 * things given, an image that is no PNG/SVG or carries no badge, a credential or assertion string that
 * is neither JSON nor a compact JWS. Everything else, unreachable issuers included, is a report.
 */
export async function verifyBadge(input: VerifyInput, deps: VerifyDeps): Promise<VerificationResult> {
  const { source, email } = parseVerifyInput(input);
  const context: VerifyContext = {
    fetchJson: jsonFetcher(deps.fetchDocument),
    now: deps.now,
    createDocumentLoader: deps.createDocumentLoader,
    ...(email !== undefined ? { email } : {}),
  };
  const reports = await verifySource(source, context);
  return { verified: reports.length > 0 && reports.every((r) => r.verified), reports };
}

async function verifySource(source: BadgeSource, context: VerifyContext): Promise<VerificationReport[]> {
  switch (source.kind) {
    case 'image':
      // An image may carry an OB 2.0 and an OB 3.0 badge at once: each gets its report.
      return Promise.all(bakedPayloads(source.image).map(([keyword, payload]) => verifyBakedPayload(keyword, payload, context)));
    case 'url':
      return [await verifyUrl(source.url, context)];
    case 'assertion':
      return [await verifyAssertionJson(source.assertion, context)];
    case 'assertion-jws':
      return [await verifySignedAssertion(source.token, context)];
    case 'credential':
      return [await verifyEmbeddedProofCredential(source.credential, context)];
    case 'credential-jwt':
      return [await verifyCredentialJwt(source.token, context)];
  }
}

function bakedPayloads(image: Buffer): [BadgeKeyword, string][] {
  let payloads;
  try {
    payloads = unbake(image);
  } catch (error) {
    // In a JSON request the image is a field, so "not an image" is that field's problem (400), not the
    // request body's media type (415).
    if (error instanceof BakingError) throw invalid([{ in: 'body', field: 'image', detail: error.message }]);
    throw error;
  }
  const found = (['openbadgecredential', 'openbadges'] as const).flatMap((keyword): [BadgeKeyword, string][] => {
    const payload = payloads[keyword];
    return payload === undefined ? [] : [[keyword, payload]];
  });
  if (!found.length) throw invalid([{ in: 'body', field: 'image', detail: 'carries no baked badge (no openbadges or openbadgecredential data)' }]);
  return found;
}

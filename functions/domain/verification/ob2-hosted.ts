// Open Badges 2.0 hosted verification (2.0 spec, "HostedBadge Verification"): the issuer's host is the
// source of truth. The assertion is fetched from its id and that copy is what is judged; an assertion
// given by the holder (JSON or baked) only says where to look, and must be what the host serves.
import type { VerifyContext } from './context';
import { checkExpiry, checkIssued } from './dates';
import { FetchDocumentError, type FetchJson } from './fetch';
import { hasType, idOf, isHttpUrl, parseJsonObject, sameJson, type Json } from './json';
import { checkAssertionFormat, resolveBadgeClass, resolveIssuer } from './ob2-documents';
import { checkHostedOrigin } from './ob2-origin';
import { checkAssertionRevocation, revoked } from './ob2-revocation';
import { checkAssertionRecipient } from './recipient';
import { fail, pass, report, type Check, type VerificationReport } from './report';

/** `url` is the assertion's id; `given` the holder's copy, when there is one. */
export async function verifyHostedAssertion(url: string, given: Json | undefined, context: VerifyContext): Promise<VerificationReport> {
  let assertion: Json;
  try {
    assertion = await context.fetchJson(url);
  } catch (error) {
    // 2.0 spec: a hosted assertion is revoked by answering 410 Gone, optionally with a reason.
    if (error instanceof FetchDocumentError && error.status === 410) {
      return report('ob2-hosted', [revoked('the issuer answers 410 Gone', error.body && parseJsonObject(error.body.toString('utf8'))?.revocationReason)]);
    }
    return report('ob2-hosted', [fail('hosted', (error as Error).message)]);
  }
  // Anything else at the URL is reported as that alone, with nothing it contains, and not followed.
  if (!hasType(assertion, 'Assertion')) return report('ob2-hosted', [fail('format', `${url} does not serve an Open Badges 2.0 Assertion`)]);
  const id = isHttpUrl(assertion.id) ? assertion.id : url;
  const badgeClass = await resolveBadgeClass(assertion, context.fetchJson);
  const issuer = await resolveIssuer(badgeClass.node, context.fetchJson);
  const checks: Check[] = [
    checkAssertionFormat(assertion, 'hosted'),
    await checkServedCopy(url, given, assertion, context.fetchJson),
    checkIssued('issuedOn', assertion.issuedOn, context.now),
    checkExpiry('expires', assertion.expires, assertion.issuedOn, context.now),
    badgeClass.check,
    issuer.check,
    checkHostedOrigin(id, issuer.node),
    await checkAssertionRevocation(assertion, issuer.node, context.fetchJson),
  ];
  if (context.email !== undefined) checks.push(checkAssertionRecipient(context.email, assertion.recipient));
  return report('ob2-hosted', checks, {
    name: badgeClass.node?.name,
    issuerId: idOf(issuer.node?.id),
    issuerName: issuer.node?.name,
    issuedOn: assertion.issuedOn,
    expires: assertion.expires,
  });
}

// An issuer revokes a hosted assertion by adding these two to what it serves; that is the status
// check's to report, not a difference between the holder's copy and the host's.
const withoutRevocation = ({ revoked: _revoked, revocationReason: _reason, ...rest }: Json) => rest;

async function checkServedCopy(url: string, given: Json | undefined, served: Json, fetchJson: FetchJson): Promise<Check> {
  if (given && !sameJson(withoutRevocation(given), withoutRevocation(served))) {
    return fail('hosted', `the assertion differs from what the issuer serves at ${url}`);
  }
  // Fetched at another URL than its id (a link the holder gave): the id must serve the same assertion,
  // because the id is what the hosting scope is judged on.
  const id = idOf(served.id);
  if (id !== undefined && id !== url) {
    const atId = isHttpUrl(id) ? await fetchJson(id).catch(() => undefined) : undefined;
    if (!atId || !sameJson(atId, served)) return fail('hosted', `${url} serves an assertion whose id ${id} does not serve the same assertion`);
  }
  return pass('hosted', `the issuer's host serves this assertion at ${id ?? url}`);
}

// Open Badges 2.0 signed verification (2.0 spec, "SignedBadge Verification"): the assertion is the
// payload of a JWS, signed with a key that the issuer's profile lists under `publicKey` (and that the
// assertion's `verification.creator` names, when it names one). A key not linked from the issuer's
// profile is never trusted, wherever it is published.
import type { VerifyContext } from './context';
import { checkExpiry, checkIssued } from './dates';
import { callerMessage } from '../errors';
import type { FetchJson } from './fetch';
import { asList, asObject, idOf, parseJsonObject, type Json } from './json';
import { decodeCompactJws, publicKeyFromPem, verifyJws, type CompactJws } from './jws';
import { checkAssertionFormat, resolveBadgeClass, resolveIssuer } from './ob2-documents';
import { checkAssertionRevocation } from './ob2-revocation';
import { checkAssertionRecipient } from './recipient';
import { fail, pass, report, type Check, type VerificationReport } from './report';

export async function verifySignedAssertion(token: string, context: VerifyContext): Promise<VerificationReport> {
  const jws = decodeCompactJws(token);
  const assertion = jws && parseJsonObject(jws.payload.toString('utf8'));
  if (!jws || !assertion) return report('ob2-signed', [fail('format', 'not a JWS whose payload is a JSON assertion')]);
  const badgeClass = await resolveBadgeClass(assertion, context.fetchJson);
  const issuer = await resolveIssuer(badgeClass.node, context.fetchJson);
  const checks: Check[] = [
    checkAssertionFormat(assertion, 'signed'),
    await checkIssuerSignature(jws, assertion, issuer.node, context.fetchJson),
    checkIssued('issuedOn', assertion.issuedOn, context.now),
    checkExpiry('expires', assertion.expires, assertion.issuedOn, context.now),
    badgeClass.check,
    issuer.check,
    await checkAssertionRevocation(assertion, issuer.node, context.fetchJson),
  ];
  if (context.email !== undefined) checks.push(checkAssertionRecipient(context.email, assertion.recipient));
  return report('ob2-signed', checks, {
    name: badgeClass.node?.name,
    issuerId: idOf(issuer.node?.id),
    issuerName: issuer.node?.name,
    issuedOn: assertion.issuedOn,
    expires: assertion.expires,
  });
}

async function checkIssuerSignature(jws: CompactJws, assertion: Json, issuer: Json | undefined, fetchJson: FetchJson): Promise<Check> {
  if (!issuer) return fail('signature', 'no issuer profile to list the keys it signs with');
  const issuerKeys = asList(issuer.publicKey);
  const creator = idOf(asObject(assertion.verification)?.creator);
  const candidates = creator === undefined ? issuerKeys : issuerKeys.filter((key) => idOf(key) === creator);
  if (creator !== undefined && !candidates.length) return fail('signature', `the signing key ${creator} is not listed in the issuer's publicKey`);
  if (!candidates.length) return fail('signature', "the issuer's profile lists no publicKey");
  const failures: string[] = [];
  for (const candidate of candidates) {
    const name = idOf(candidate) ?? 'the embedded key';
    try {
      // Listed in a profile fetched from the issuer's own URL, an embedded key is the issuer's word.
      const key = asObject(candidate)?.publicKeyPem !== undefined ? asObject(candidate)! : await fetchJson(name);
      const owner = idOf(key.owner);
      if (owner !== undefined && owner !== idOf(issuer.id)) {
        failures.push(`${name} belongs to another owner than the issuer`);
        continue;
      }
      const result = verifyJws(jws, publicKeyFromPem(key.publicKeyPem));
      if (result.verified) return pass('signature', `${result.detail} with the issuer's key ${name}`);
      failures.push(`${name}: ${result.detail}`);
    } catch (error) {
      failures.push(`${name}: ${callerMessage(error, 'not a usable public key')}`);
    }
  }
  return fail('signature', failures.join('; '));
}

// Open Badges 3.0 as a VC-JWT (OB 3.0 "JSON Web Token Proof Format"): a compact JWS whose payload is
// the credential (VC 2.0 style) or carries it in a `vc` claim (VC 1.1 style), with JWT claims that
// must agree with it. Verified with the key the header names, then checked like any OB 3.0 credential.
import type { VerifyContext } from './context';
import { parseDateTime } from './dates';
import { asObject, idOf, parseJsonObject, type Json } from './json';
import { decodeCompactJws, verifyJws } from './jws';
import { resolveJwtKey } from './jwt-key';
import { credentialChecks, credentialSummary } from './ob3-credential';
import { checkCredentialFormat } from './ob3-format';
import { credentialLoader } from './ob3-loader';
import { fail, report, type Check, type VerificationReport } from './report';

const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];

export async function verifyCredentialJwt(token: string, context: VerifyContext): Promise<VerificationReport> {
  const jws = decodeCompactJws(token);
  const payload = jws && parseJsonObject(jws.payload.toString('utf8'));
  if (!jws || !payload) return report('ob3-jwt', [fail('format', 'not a JWS whose payload is a JSON object')]);
  const credential = asObject(payload.vc) ?? Object.fromEntries(Object.entries(payload).filter(([claim]) => !JWT_CLAIMS.includes(claim)));
  const issuerId = idOf(credential.issuer);
  const key = await resolveJwtKey(jws.header, issuerId, context.fetchJson);
  const signature = key.key ? verifyJws(jws, key.key) : { verified: false, detail: `not verified: ${key.problem}` };
  const checks: Check[] = [
    withClaimProblems(await checkCredentialFormat(credential, credentialLoader(credential, context)), claimProblems(payload, credential)),
    { check: 'signature', passed: signature.verified, detail: signature.detail },
    key.issuer,
    ...(await credentialChecks(withJwtDates(credential, payload), context)),
  ];
  return report('ob3-jwt', checks, credentialSummary(withJwtDates(credential, payload)));
}

/** OB 3.0 "Verify a Credential VC-JWT Signature": the claims must say what the credential says. */
function claimProblems(payload: Json, credential: Json): string[] {
  const problems: string[] = [];
  if (payload.iss === undefined) problems.push('the JWT has no iss claim');
  else if (payload.iss !== idOf(credential.issuer)) problems.push(`iss ${JSON.stringify(payload.iss)} is not the issuer's id`);
  if (payload.jti !== undefined && payload.jti !== credential.id) problems.push(`jti ${JSON.stringify(payload.jti)} is not the credential's id`);
  const subject = idOf(asObject(credential.credentialSubject)?.id);
  if (payload.sub !== undefined && payload.sub !== subject) problems.push(`sub ${JSON.stringify(payload.sub)} is not the credentialSubject's id`);
  for (const [claim, property] of [['nbf', credential.validFrom ?? credential.issuanceDate], ['exp', credential.validUntil ?? credential.expirationDate]] as const) {
    const stated = parseDateTime(property);
    if (typeof payload[claim] === 'number' && stated !== undefined && Math.floor(stated / 1000) !== payload[claim]) problems.push(`${claim} is not the credential's own date`);
  }
  return problems;
}

function withClaimProblems(format: Check, problems: string[]): Check {
  if (!problems.length) return format;
  return fail('format', [...(format.passed ? [] : [format.detail]), ...problems].join('; '));
}

// A VC 1.1-style token may leave the dates to nbf/exp alone.
function withJwtDates(credential: Json, payload: Json): Json {
  const dated = { ...credential };
  if (dated.validFrom === undefined && dated.issuanceDate === undefined && typeof payload.nbf === 'number') dated.validFrom = new Date(payload.nbf * 1000).toISOString();
  if (dated.validUntil === undefined && dated.expirationDate === undefined && typeof payload.exp === 'number') dated.validUntil = new Date(payload.exp * 1000).toISOString();
  return dated;
}

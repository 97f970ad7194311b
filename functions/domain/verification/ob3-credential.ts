// Open Badges 3.0 with an embedded proof: the Data Integrity proof (eddsa-rdfc-2022) checked by the
// credentials module, made with a key whose controller is the credential's issuer, then what every
// OB 3.0 credential is checked for, however it is signed (see credentialChecks).
import type { DocumentLoader } from '../credentials/document-loader';
import { verifyCredential } from '../credentials/verify';
import type { VerifyContext } from './context';
import { checkExpiry, checkIssued } from './dates';
import { asList, asObject, idOf, type Json } from './json';
import { checkCredentialFormat } from './ob3-format';
import { credentialLoader } from './ob3-loader';
import { statusChecker } from './ob3-status';
import { checkSubjectRecipient } from './recipient';
import { fail, pass, report, type BadgeFacts, type Check, type VerificationReport } from './report';

export async function verifyEmbeddedProofCredential(credential: Json, context: VerifyContext): Promise<VerificationReport> {
  const loader = credentialLoader(credential, context);
  const issuerId = idOf(credential.issuer);
  const issuerProofs = await proofsByIssuer(credential, loader, issuerId);
  const checks: Check[] = [
    await checkCredentialFormat(credential, loader),
    await checkSignature(credential, issuerProofs.length ? issuerProofs : asList(credential.proof), loader),
    issuerProofs.length
      ? pass('issuer', `the proof's key is one its issuer ${issuerId} lists as its own`)
      : fail('issuer', `no proof's key is one the issuer ${issuerId ?? '(none)'} lists as its own`),
    ...(await credentialChecks(credential, context)),
  ];
  return report('ob3-credential', checks, credentialSummary(credential));
}

/**
 * The proofs made with a key of the issuer's: the key names the issuer as controller, and the issuer's
 * own document lists the key under assertionMethod (a key document alone could claim any controller).
 * Only these proofs may make the signature check pass: otherwise a proof by anyone's key, next to a
 * copied proof of the issuer's that does not verify, would pass both checks.
 */
async function proofsByIssuer(credential: Json, loader: DocumentLoader, issuerId: string | undefined): Promise<unknown[]> {
  if (issuerId === undefined) return [];
  const document = async (url: string) => asObject((await loader(url).catch(() => undefined))?.document);
  const byIssuer = await Promise.all(
    asList(credential.proof).map(async (proof) => {
      const method = idOf(asObject(proof)?.verificationMethod);
      if (method === undefined || idOf((await document(method))?.controller) !== issuerId) return false;
      return asList((await document(issuerId))?.assertionMethod).some((listed) => idOf(listed) === method);
    }),
  );
  return asList(credential.proof).filter((_, i) => byIssuer[i]);
}

async function checkSignature(credential: Json, proofs: unknown[], loader: DocumentLoader): Promise<Check> {
  // Dates and status are judged by their own checks; the credentials module's proof check alone is used.
  const { checks } = await verifyCredential({ ...credential, proof: proofs }, loader);
  const proof = checks.find((c) => c.check === 'proof')!;
  return { check: 'signature', passed: proof.passed, detail: proof.detail };
}

/** Validity period, status and (when an email is given) recipient: the same for both proof formats. */
export async function credentialChecks(credential: Json, context: VerifyContext): Promise<Check[]> {
  // VC 2.0 names them validFrom/validUntil; credentials on VC 1.1 issuanceDate/expirationDate.
  const issued = credential.issuanceDate !== undefined && credential.validFrom === undefined ? 'issuanceDate' : 'validFrom';
  const expires = credential.expirationDate !== undefined && credential.validUntil === undefined ? 'expirationDate' : 'validUntil';
  const checks = [checkIssued(issued, credential[issued], context.now), checkExpiry(expires, credential[expires], credential[issued], context.now)];
  if (credential.credentialStatus === undefined) {
    checks.push(pass('status', 'not revocable: the credential has no credentialStatus'));
  } else {
    const outcome = await statusChecker(credential, context)(credential.credentialStatus);
    checks.push({ check: 'status', ...outcome });
  }
  if (context.email !== undefined) checks.push(checkSubjectRecipient(context.email, credential.credentialSubject));
  return checks;
}

export function credentialSummary(credential: Json): BadgeFacts {
  const achievement = asObject(asObject(credential.credentialSubject)?.achievement);
  return {
    name: achievement?.name ?? credential.name,
    issuerId: idOf(credential.issuer),
    issuerName: asObject(credential.issuer)?.name,
    issuedOn: credential.validFrom ?? credential.issuanceDate,
    expires: credential.validUntil ?? credential.expirationDate,
  };
}

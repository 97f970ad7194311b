// Open Badges 3.0: the Data Integrity proof (with the issuer's keys fetched from where the proof says),
// the key's controller being the issuer, the validity period, and the revocation bit in the issuer's
// status list, itself verified. Works for any issuer.
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { decodeList, getStatus } from '../domain/credentials/status-list';
import { verifyCredential } from '../domain/credentials/verify';
import type { FetchJson } from './fetch-document';
import { recipientCheck } from './recipient';
import { report, type Check, type VerificationReport } from './report';

// A credential from any issuer, read defensively field by field: what matters is checked by the proof.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function loaderFor(fetchJson: FetchJson) {
  return createDocumentLoader({
    resolve: async (url) => {
      const [documentUrl, fragment] = url.split('#');
      const { status, json } = await fetchJson(documentUrl!);
      const document = status === 200 ? (json as Json | undefined) : undefined;
      if (!document || !fragment) return document;
      const method = ([] as Json[]).concat(document.verificationMethod ?? []).find((m) => m.id === url);
      return method ? { '@context': document['@context'], ...method } : undefined;
    },
  });
}

export async function verifyOb3(credential: Json, deps: { fetchJson: FetchJson; now: Date }, email?: string): Promise<VerificationReport> {
  const loader = loaderFor(deps.fetchJson);
  const issuerId: string | undefined = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;
  const result = await verifyCredential(credential, loader, {
    now: deps.now,
    checkStatus: async (entry) => {
      const { statusListCredential, statusListIndex, statusPurpose } = (entry ?? {}) as Json;
      if (typeof statusListCredential !== 'string') return { passed: false, detail: 'credentialStatus has no statusListCredential' };
      const { json } = await deps.fetchJson(statusListCredential);
      const list = json as Json;
      const listReport = await verifyCredential(list, loader, { now: deps.now });
      if (!listReport.checks.find((c) => c.check === 'proof')?.passed) return { passed: false, detail: 'the status list credential does not verify' };
      const listIssuer = typeof list.issuer === 'string' ? list.issuer : list.issuer?.id;
      if (listIssuer !== issuerId) return { passed: false, detail: 'the status list has another issuer' };
      const revoked = getStatus(decodeList(String(list.credentialSubject?.encodedList)), Number(statusListIndex));
      return revoked ? { passed: false, detail: `${statusPurpose ?? 'revocation'}: revoked` } : { passed: true, detail: 'not revoked' };
    },
  });
  const checks: Check[] = result.checks.map(({ check, passed, detail }) => ({ check: check === 'proof' ? 'signature' : check === 'validity-period' ? 'expiry' : check, passed, detail }));

  // 1EdTech: the key that signed must belong to the issuer.
  const method = ([] as Json[]).concat(credential.proof ?? [])[0]?.verificationMethod;
  const controller = typeof method === 'string' ? ((await loader(method).catch(() => undefined))?.document as Json | undefined)?.controller : undefined;
  checks.push(controller && controller === issuerId ? { check: 'issuer', passed: true, detail: `signed with a key of ${issuerId}` } : { check: 'issuer', passed: false, detail: "the signing key is not the issuer's" });

  const identifier = ([] as Json[]).concat(credential.credentialSubject?.identifier ?? [])[0];
  if (email) checks.push(identifier ? recipientCheck(email, { identity: identifier.identityHash, hashed: identifier.hashed, salt: identifier.salt }) : { check: 'recipient', passed: false, detail: 'the credential names no recipient identity' });
  const achievement = credential.credentialSubject?.achievement ?? {};
  return report('ob3-credential', checks, {
    name: achievement.name,
    issuer: { id: issuerId, name: credential.issuer?.name },
    issuedOn: credential.validFrom,
    expires: credential.validUntil,
  });
}

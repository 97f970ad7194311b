// An OB 3.0 credential's status (W3C Bitstring Status List v1.0, "Validate Algorithm"): fetch the
// status list credential the entry names, verify THAT credential (proof, validity period, same issuer:
// otherwise anyone could serve an all-clear list), then read the entry's bit. Anything that keeps the
// bit from being read fails the check: a verifier that passed badges while a list is unreachable
// would pass every revoked badge during an outage. Credentials on VC 1.1 mostly use the 1EdTech
// Revocation List instead (checkRevocationList below).
import { decodeList, getStatus, STATUS_LIST_BITS, StatusListError } from '../credentials/status-list';
import { verifyCredential, type CheckStatus } from '../credentials/verify';
import type { VerifyContext } from './context';
import { asList, asObject, hasType, idOf, isHttpUrl, textOf, type Json } from './json';
import { credentialLoader } from './ob3-loader';

type Outcome = { passed: boolean; detail: string };

/** Judges every entry of a credential's `credentialStatus`; all must pass. */
export function statusChecker(credential: Json, context: VerifyContext): CheckStatus {
  const issuerId = idOf(credential.issuer);
  return async (credentialStatus) => {
    const outcomes = await Promise.all(
      asList(credentialStatus).map((entry) => {
        const object = asObject(entry);
        return hasType(object, '1EdTechRevocationList') ? checkRevocationList(object!, idOf(credential.id), context) : checkEntry(object, issuerId, context);
      }),
    );
    if (!outcomes.length) return { passed: false, detail: 'credentialStatus is empty' };
    return { passed: outcomes.every((o) => o.passed), detail: outcomes.map((o) => o.detail).join('; ') };
  };
}

async function checkEntry(entry: Json | undefined, issuerId: string | undefined, context: VerifyContext): Promise<Outcome> {
  if (!hasType(entry, 'BitstringStatusListEntry')) {
    return { passed: false, detail: `status unknown: ${JSON.stringify(entry?.type)} status entries are not supported (BitstringStatusListEntry and 1EdTechRevocationList are)` };
  }
  const purpose = entry!.statusPurpose;
  // Only these two purposes say whether the credential still holds; `refresh` and `message` do not.
  if (purpose !== 'revocation' && purpose !== 'suspension') return { passed: true, detail: `statusPurpose ${JSON.stringify(purpose)} does not bear on validity` };
  const index = statusIndex(entry!.statusListIndex);
  if (index === undefined) return { passed: false, detail: `statusListIndex ${JSON.stringify(entry!.statusListIndex)} is not a non-negative integer` };
  const listUrl = idOf(entry!.statusListCredential);
  if (!listUrl) return { passed: false, detail: 'the status entry names no statusListCredential' };

  let list: Json;
  try {
    list = await context.fetchJson(listUrl);
  } catch (error) {
    return { passed: false, detail: `status unknown: ${(error as Error).message}` };
  }
  const problem = await listProblem(list, purpose, issuerId, context);
  if (problem) return { passed: false, detail: `status unknown: the status list ${listUrl} ${problem}` };

  let bits: Uint8Array;
  try {
    bits = decodeList(String(asObject(list.credentialSubject)!.encodedList));
  } catch (error) {
    if (error instanceof StatusListError) return { passed: false, detail: `status unknown: ${error.message}` };
    throw error;
  }
  // The spec's STATUS_LIST_LENGTH_ERROR: a short list gives its few holders no crowd to hide in.
  if (bits.length * 8 < STATUS_LIST_BITS) return { passed: false, detail: `status unknown: the status list has ${bits.length * 8} entries, fewer than the ${STATUS_LIST_BITS} the spec requires` };
  if (index >= bits.length * 8) return { passed: false, detail: `status unknown: statusListIndex ${index} is outside the list of ${bits.length * 8} entries` };
  const state = purpose === 'revocation' ? 'revoked' : 'suspended';
  return getStatus(bits, index)
    ? { passed: false, detail: `${state}: entry ${index} of ${listUrl} is set` }
    : { passed: true, detail: `not ${state} (entry ${index} of ${listUrl} is clear)` };
}

async function listProblem(list: Json, purpose: string, issuerId: string | undefined, context: VerifyContext): Promise<string | undefined> {
  if (!hasType(list, 'BitstringStatusListCredential')) return 'is not a BitstringStatusListCredential';
  const listIssuer = idOf(list.issuer);
  if (listIssuer !== issuerId) return `is issued by ${listIssuer ?? 'nobody'}, not by the credential's issuer`;
  const subject = asObject(list.credentialSubject);
  if (subject?.statusPurpose !== purpose) return `is for ${JSON.stringify(subject?.statusPurpose)}, not ${purpose}`;
  const verification = await verifyCredential(list, credentialLoader(list, context), { now: context.now });
  const failed = verification.checks.filter((c) => (c.check === 'proof' || c.check === 'validity-period') && !c.passed);
  return failed.length ? `does not verify: ${failed.map((c) => c.detail).join('; ')}` : undefined;
}

// A string of digits, as the spec has it; a plain number is tolerated (the 1EdTech fixtures use one).
function statusIndex(value: unknown): number | undefined {
  const index = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

/**
 * The 1EdTech Revocation List Status Method (OB 3.0, the status type of credentials built on VC 1.1):
 * the entry's id is the URL of a list whose `revokedCredentials` name revoked credentials by id, with
 * `revoked` true or left out. Unlike a status list it carries no proof; it is trusted as far as the
 * signed credential that names it. As there, a list that cannot be read fails the check.
 */
async function checkRevocationList(entry: Json, credentialId: string | undefined, context: VerifyContext): Promise<Outcome> {
  const listUrl = idOf(entry.id);
  if (!isHttpUrl(listUrl)) return { passed: false, detail: 'status unknown: the 1EdTechRevocationList entry names no HTTP(S) list URL as its id' };
  if (credentialId === undefined) return { passed: false, detail: 'status unknown: the credential has no id to look up in its revocation list' };
  let list: Json;
  try {
    list = await context.fetchJson(listUrl);
  } catch (error) {
    return { passed: false, detail: `status unknown: ${(error as Error).message}` };
  }
  if (!Array.isArray(list.revokedCredentials)) return { passed: false, detail: `status unknown: ${listUrl} is not a revocation list (no revokedCredentials)` };
  const listed = list.revokedCredentials.map(asObject).find((item) => idOf(item?.id) === credentialId && (item?.revoked === undefined || item.revoked === true));
  if (!listed) return { passed: true, detail: `not revoked (not in ${listUrl})` };
  const reason = textOf(listed.revocationReason);
  return { passed: false, detail: `revoked: listed in ${listUrl}${reason ? ` (reason: ${reason})` : ''}` };
}

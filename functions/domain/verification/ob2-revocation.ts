// OB 2.0 revocation: the assertion itself says `revoked: true` (hosted), or the issuer's profile links
// a RevocationList that names it by id (or, for pre-1.1 badges, by uid). A linked list that cannot be
// read fails the check: revocation is then unknown, and an issuer's outage must not pass a revoked badge.
import type { FetchJson } from './fetch';
import { asList, asObject, hasType, idOf, textOf, type Json } from './json';
import { fail, pass, type Check } from './report';

export async function checkAssertionRevocation(assertion: Json, issuer: Json | undefined, fetchJson: FetchJson): Promise<Check> {
  if (assertion.revoked === true) return revoked('the issuer has marked it revoked', assertion.revocationReason);
  const listUrl = idOf(issuer?.revocationList);
  if (!listUrl) return pass('status', 'not revoked');
  let list: Json;
  try {
    list = await fetchJson(listUrl);
  } catch (error) {
    return fail('status', `revocation unknown: the issuer's revocation list could not be read: ${(error as Error).message}`);
  }
  if (!hasType(list, 'RevocationList')) return fail('status', `revocation unknown: ${listUrl} is not a RevocationList`);
  const id = idOf(assertion.id);
  const uid = textOf(assertion.uid);
  const entry = asList(list.revokedAssertions).find((entry) => {
    const object = asObject(entry);
    return (id !== undefined && idOf(entry) === id) || (uid !== undefined && object?.uid === uid);
  });
  if (entry !== undefined) return revoked("listed in the issuer's revocation list", asObject(entry)?.revocationReason);
  return pass('status', "not in the issuer's revocation list");
}

export const revoked = (how: string, reason: unknown): Check => fail('status', `revoked: ${how}${textOf(reason) ? ` (reason: ${String(reason)})` : ''}`);

// Badge data pasted as text (the verify page's one box): an OB 3.0 credential or an OB 2.0 assertion,
// as JSON or as a compact JWS, told apart by what it says it is, so a person need not know the format.
import { asList, asObject, parseJsonObject, type Json } from './json';
import { decodeCompactJws } from './jws';

/**
 * A Verifiable Credential names itself one (`type`), or is a VC-JWT (`vc` claim) or a VC 2.0 JWT (the
 * credentials context in its payload); anything else is read as an OB 2.0 assertion, whose verifier
 * then says what is wrong with it.
 */
const isCredential = (document: Json): boolean =>
  asList(document.type).includes('VerifiableCredential') ||
  asObject(document.vc) !== undefined ||
  asList(document['@context']).some((c) => typeof c === 'string' && c.startsWith('https://www.w3.org/') && c.includes('credentials'));

/** Which field of POST /verify the text belongs in. Text that is neither JSON nor JWS stays a credential, which the input check refuses. */
export function pastedBadge(text: string): { credential: string } | { assertion: string } {
  const trimmed = text.trim();
  const jws = decodeCompactJws(trimmed);
  const document = jws ? parseJsonObject(jws.payload.toString('utf8')) : parseJsonObject(trimmed);
  return document && !isCredential(document) ? { assertion: trimmed } : { credential: trimmed };
}

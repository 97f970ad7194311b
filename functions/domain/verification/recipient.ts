// Is the person who shows an email the badge's recipient? Badges name recipients by a salted hash
// (`sha256$<hex>`, or the older `md5$<hex>`) or, rarely, in plain text. The email itself never goes
// into a check's detail: the report may be shown to anyone.
import { createHash } from 'node:crypto';
import { asList, asObject, textOf, type Json } from './json';
import { fail, pass, type Check } from './report';

const MATCH = pass('recipient', 'the email given is the recipient');
const NO_MATCH = fail('recipient', 'the email given is not the recipient');

/** OB 2.0: the Assertion's `recipient` IdentityObject. */
export function checkAssertionRecipient(email: string, recipient: unknown): Check {
  const identity = asObject(recipient);
  if (!identity) return fail('recipient', 'the assertion names no recipient');
  if (identity.type !== 'email') return fail('recipient', `the assertion names its recipient by ${String(identity.type)}, not by email`);
  return identityMatches(email, identity.identity, identity.hashed, identity.salt);
}

/** OB 3.0: the subject's `identifier` IdentityObjects of type emailAddress. */
export function checkSubjectRecipient(email: string, credentialSubject: unknown): Check {
  const identities = asList(asObject(credentialSubject)?.identifier)
    .map(asObject)
    .filter((identity): identity is Json => identity?.identityType === 'emailAddress');
  if (!identities.length) return fail('recipient', 'the credential does not name its recipient by email');
  const results = identities.map((identity) => identityMatches(email, identity.identityHash, identity.hashed, identity.salt));
  return results.find((r) => r.passed) ?? results[0]!;
}

function identityMatches(email: string, stated: unknown, hashed: unknown, salt: unknown): Check {
  const identity = textOf(stated);
  if (!identity) return fail('recipient', 'the recipient identity is empty');
  // Issuers hash the address as they hold it; most lowercase it first, some do not.
  const candidates = [...new Set([email.trim(), email.trim().toLowerCase()])];
  if (hashed !== true) return candidates.includes(identity.trim().toLowerCase()) ? MATCH : NO_MATCH;
  const [algorithm, hex] = identity.split('$');
  if ((algorithm !== 'sha256' && algorithm !== 'md5') || !hex) return fail('recipient', `the recipient identity is not a sha256$ or md5$ hash`);
  const digest = (text: string) => createHash(algorithm).update(text + (typeof salt === 'string' ? salt : ''), 'utf8').digest('hex');
  return candidates.some((candidate) => digest(candidate) === hex.toLowerCase()) ? MATCH : NO_MATCH;
}

import { createHash } from 'node:crypto';
import { hashRecipient } from '../domain/credentials/recipient';
import type { Check } from './report';

/** Whether `email` is the badge's recipient, by the hashed (or, rarely, plain) identity it carries. */
export function recipientCheck(email: string, identity: { identity?: unknown; hashed?: unknown; salt?: unknown }): Check {
  const stated = String(identity.identity ?? '');
  const salt = typeof identity.salt === 'string' ? identity.salt : '';
  let matches: boolean;
  if (identity.hashed === true || stated.includes('$')) {
    const [algorithm, hex] = stated.split('$');
    if (algorithm === 'sha256') matches = hashRecipient(email, salt) === stated.toLowerCase();
    else if (algorithm === 'md5') matches = createHash('md5').update(email.trim().toLowerCase() + salt).digest('hex') === hex?.toLowerCase();
    else return { check: 'recipient', passed: false, detail: `unsupported identity hash ${algorithm}` };
  } else {
    matches = stated.trim().toLowerCase() === email.trim().toLowerCase();
  }
  return { check: 'recipient', passed: matches, detail: matches ? 'the email given is the recipient' : 'the email given is not the recipient' };
}

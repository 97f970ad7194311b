// A badge names its earner by a salted hash of their email, never by the email itself: the holder can
// prove it is theirs by showing the email, and nobody else learns it from the badge. OB 2.0
// (`recipient.identity`) and OB 3.0 (`IdentityObject.identityHash`) use the same `sha256$<hex>` form.
import { createHash } from 'node:crypto';

/** Trimmed and lowercased first, so that "Ana@City.org " and "ana@city.org" name the same earner. */
export function hashRecipient(email: string, salt: string): string {
  const hex = createHash('sha256')
    .update(email.trim().toLowerCase() + salt, 'utf8')
    .digest('hex');
  return `sha256$${hex}`;
}

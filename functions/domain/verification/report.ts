// What verifying a badge answers: each check on its own with a reason a person can read, so that a
// failing badge says why, and what the badge says it is.

export type BadgeFormat =
  /** An Open Badges 2.0 Assertion verified at the URL its issuer hosts it at. */
  | 'ob2-hosted'
  /** An Open Badges 2.0 Assertion in a JWS, signed with a key its issuer's profile lists. */
  | 'ob2-signed'
  /** An Open Badges 3.0 credential with an embedded (Data Integrity) proof. */
  | 'ob3-credential'
  /** An Open Badges 3.0 credential as a VC-JWT (compact JWS). */
  | 'ob3-jwt'
  /** Something that is not a badge in any format verified here. */
  | 'unknown';

export type CheckName =
  /** Shape: context, type, required properties. */
  | 'format'
  /** OB 2.0 hosted: the issuer's host still serves this very assertion at its id. */
  | 'hosted'
  /** OB 2.0 hosted: the assertion's id is within the origin its issuer allows. */
  | 'hosted-origin'
  | 'signature'
  /** The issuer's profile can be read, and the signing key (or the hosting) is the issuer's. */
  | 'issuer'
  /** OB 2.0: the BadgeClass can be read and has what it must. */
  | 'badge-class'
  /** Not revoked (or suspended). */
  | 'status'
  /** The issue date is a date, and not in the future. */
  | 'issued'
  /** Not expired. */
  | 'expiry'
  /** The email given is the badge's recipient (only when an email is given). */
  | 'recipient';

export interface Check {
  check: CheckName;
  passed: boolean;
  detail: string;
}

export interface BadgeSummary {
  name: string;
  issuer: { id: string; name: string };
  issuedOn: string;
  expires?: string;
}

export interface VerificationReport {
  format: BadgeFormat;
  /** True when every check passed. */
  verified: boolean;
  /** What the badge says it is, when it says enough; trust it only as far as `verified`. */
  badge?: BadgeSummary;
  checks: Check[];
}

/** One report per badge found: an image can carry an OB 2.0 and an OB 3.0 badge at once. */
export interface VerificationResult {
  /** True when there is a report and every report is verified. */
  verified: boolean;
  reports: VerificationReport[];
}

export const pass = (check: CheckName, detail: string): Check => ({ check, passed: true, detail });
export const fail = (check: CheckName, detail: string): Check => ({ check, passed: false, detail });

/** What a badge's documents say about it, read as they are: a summary is made only of the strings. */
export type BadgeFacts = Partial<Record<'name' | 'issuerId' | 'issuerName' | 'issuedOn' | 'expires', unknown>>;

export function report(format: BadgeFormat, checks: Check[], badge?: BadgeFacts): VerificationReport {
  const summary = badge && summarise(badge);
  return { format, verified: checks.length > 0 && checks.every((c) => c.passed), ...(summary ? { badge: summary } : {}), checks };
}

// Only what the badge states as text; a summary with holes would read as if the badge said less.
function summarise(badge: BadgeFacts): BadgeSummary | undefined {
  const { name, issuerId, issuerName, issuedOn, expires } = badge;
  if (typeof name !== 'string' || typeof issuerId !== 'string' || typeof issuerName !== 'string' || typeof issuedOn !== 'string') return undefined;
  return { name, issuer: { id: issuerId, name: issuerName }, issuedOn, ...(typeof expires === 'string' ? { expires } : {}) };
}

// What verifying a badge answers: each check on its own with a reason a person can read, so that a
// failing badge says why, and what the badge says it is.
import * as z from 'zod/mini';

// Schemas rather than bare types: POST /verify answers these, and the API document shows them.
export const BadgeFormatSchema = z.enum([
  /** An Open Badges 2.0 Assertion verified at the URL its issuer hosts it at. */
  'ob2-hosted',
  /** An Open Badges 2.0 Assertion in a JWS, signed with a key its issuer's profile lists. */
  'ob2-signed',
  /** An Open Badges 3.0 credential with an embedded (Data Integrity) proof. */
  'ob3-credential',
  /** An Open Badges 3.0 credential as a VC-JWT (compact JWS). */
  'ob3-jwt',
  /** Something that is not a badge in any format verified here. */
  'unknown',
]);
export type BadgeFormat = z.infer<typeof BadgeFormatSchema>;

export const CheckNameSchema = z.enum([
  /** Shape: context, type, required properties. */
  'format',
  /** OB 2.0 hosted: the issuer's host still serves this very assertion at its id. */
  'hosted',
  /** OB 2.0 hosted: the assertion's id is within the origin its issuer allows. */
  'hosted-origin',
  'signature',
  /** The issuer's profile can be read, and the signing key (or the hosting) is the issuer's. */
  'issuer',
  /** OB 2.0: the BadgeClass can be read and has what it must. */
  'badge-class',
  /** Not revoked (or suspended). */
  'status',
  /** The issue date is a date, and not in the future. */
  'issued',
  /** Not expired. */
  'expiry',
  /** The email given is the badge's recipient (only when an email is given). */
  'recipient',
]);
export type CheckName = z.infer<typeof CheckNameSchema>;

export const CheckSchema = z.object({ check: CheckNameSchema, passed: z.boolean(), detail: z.string() });
export type Check = z.infer<typeof CheckSchema>;

export const BadgeSummarySchema = z.object({
  name: z.string(),
  issuer: z.object({ id: z.string(), name: z.string() }),
  issuedOn: z.string(),
  expires: z.optional(z.string()),
});
export type BadgeSummary = z.infer<typeof BadgeSummarySchema>;

export const VerificationReportSchema = z.object({
  format: BadgeFormatSchema,
  /** True when every check passed. */
  verified: z.boolean(),
  /** What the badge says it is, when it says enough; trust it only as far as `verified`. */
  badge: z.optional(BadgeSummarySchema),
  checks: z.array(CheckSchema),
});
export type VerificationReport = z.infer<typeof VerificationReportSchema>;

/** One report per badge found: an image can carry an OB 2.0 and an OB 3.0 badge at once. */
export const VerificationResultSchema = z.object({
  /** True when there is a report and every report is verified. */
  verified: z.boolean(),
  reports: z.array(VerificationReportSchema),
});
export type VerificationResult = z.infer<typeof VerificationResultSchema>;

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

// An award: one badge class version given to one learner. The learner's email is never stored: the
// award keeps the salted hash that both badge formats publish, and a keyed hash (HMAC) for finding a
// learner's badges; the email itself is used once, while issuing, and dropped.
import * as z from 'zod/mini';
import { randomIdPattern } from './ids';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

export const AWARD_ID_LENGTH = 26; // 130 random bits: award URLs cannot be guessed
export const awardId = z.string().check(z.regex(randomIdPattern(AWARD_ID_LENGTH), 'must be an award id'));

export const EvidenceSchema = z
  .object({ url: z.optional(z.httpUrl().check(z.maxLength(2000))), name: z.optional(text(200)), narrative: z.optional(text(5000)) })
  .check(z.refine((e) => e.url !== undefined || e.narrative !== undefined, 'needs a url, a narrative, or both'));

export const AwardRequestSchema = z
  .object({
    recipient: z.object({
      email: z.email().check(z.maxLength(320)),
      /** For the provider's own records only: stored sealed, never in a badge, page or image. */
      name: z.optional(text(200)),
    }),
    evidence: z._default(z.array(EvidenceSchema).check(z.maxLength(20)), []),
    narrative: z.optional(text(5000)),
    /** When the learning was recognised; defaults to now, and may not be in the future. */
    issuedOn: z.optional(
      z.iso.datetime({ offset: true }).check(z.refine((value) => Date.parse(value) <= Date.now() + 60_000, 'must not be in the future')),
    ),
  })
  // Named: a single award and each row of a batch take it, and the API document shows it once.
  .check(
    z.meta({
      id: 'AwardRequest',
      description:
        'One award: the learner’s email (used once to compute the hashed recipient, never stored), optionally their name (kept sealed for the provider, never published), evidence, narrative and issue date (not in the future)',
    }),
  );
export type AwardRequest = z.infer<typeof AwardRequestSchema>;

/** Most learners awarded in one batch call. */
export const MAX_BATCH = 100;

/**
 * The largest award request, in bytes of JSON: the body limit of POST …/awards, and of each row of a
 * batch. An award stores what it is given twice (assertion and credential) in one item, which DynamoDB
 * caps at 400 KB: a larger request could never be stored.
 */
export const MAX_AWARD_REQUEST_BYTES = 64 * 1024;

export const RevocationSchema = z.object({ reason: text(500) });

export const AwardSchema = z.object({
  id: z.string(),
  badgeClassId: z.string(),
  badgeClassVersion: z.number(),
  issuerId: z.string(),
  issuedOn: z.string(),
  expires: z.optional(z.string()),
  statusListIndex: z.number(),
  image: z.object({ key: z.string(), type: z.enum(['png', 'svg']) }),
  /** The hosted Open Badges 2.0 assertion, as issued (revocation is added when served). */
  assertion: z.record(z.string(), z.unknown()),
  /** The signed Open Badges 3.0 credential. */
  credential: z.record(z.string(), z.unknown()),
  revoked: z.optional(z.object({ at: z.string(), reason: z.string() })),
  /** The learner's name, if the provider gave one, sealed (functions/domain/sealed-text.ts) and bound to this award. */
  sealedRecipientName: z.optional(z.string()),
  createdAt: z.string(),
});
export type Award = z.infer<typeof AwardSchema>;

export const awardUrls = (baseUrl: string, id: string) => {
  const page = `${baseUrl}/badges/${id}`;
  return { assertion: page, page, credential: `${page}/credential`, image: `${page}/image` };
};

export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** What a verifier should conclude about an award now. */
export function awardState(award: Pick<Award, 'revoked' | 'expires'>, now: Date): 'valid' | 'revoked' | 'expired' {
  if (award.revoked) return 'revoked';
  if (award.expires && Date.parse(award.expires) <= now.getTime()) return 'expired';
  return 'valid';
}

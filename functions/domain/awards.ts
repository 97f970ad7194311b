// An award: one badge class version given to one learner. The learner's email is never stored: the
// award keeps the salted hash that both badge formats publish, and a keyed hash (HMAC) for finding a
// learner's badges; the email itself is used once, while issuing, and dropped.
import { createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import type { BadgeClass } from './badge-classes';
import { randomIdPattern } from './ids';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
// zod's own messages for these are only "Invalid input".
const webUrl = z.httpUrl({ error: 'must be an http:// or https:// URL with a host name, e.g. https://example.org/work' }).check(z.maxLength(2000));

export const AWARD_ID_LENGTH = 26; // 130 random bits: award URLs cannot be guessed
export const awardId = z.string().check(z.regex(randomIdPattern(AWARD_ID_LENGTH), 'must be an award id'));

export const EvidenceSchema = z
  .object({ url: z.optional(webUrl), name: z.optional(text(200)), narrative: z.optional(text(5000)) })
  .check(z.refine((e) => e.url !== undefined || e.narrative !== undefined, 'needs a url, a narrative, or both'));

/** RFC 5321 allows 254 characters in a forward path's address: a longer one can never receive mail. */
export const MAX_EMAIL_LENGTH = 254;

/** The earliest `issuedOn` a city accepts unless its config says otherwise (definitions/city-config.ts). */
export const DEFAULT_EARLIEST_ISSUED_ON = '1970-01-01';

export interface AwardRules {
  /** A date (YYYY-MM-DD, UTC): no award may say it was issued before it. */
  earliestIssuedOn: string;
}

/**
 * One award request, under the city's rules. The same schema checks a single award's body, each row of
 * a batch and each row of an import, so the three can never disagree.
 */
export const awardRequestSchema = ({ earliestIssuedOn }: AwardRules) => {
  const earliest = Date.parse(`${earliestIssuedOn}T00:00:00Z`);
  return z
    .object({
      recipient: z.object({
        email: z.email({ error: 'must be an email address' }).check(z.maxLength(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters`)),
        /** For the provider's own records only: stored sealed, never in a badge, page or image. */
        name: z.optional(text(200)),
      }),
      evidence: z._default(z.array(EvidenceSchema).check(z.maxLength(20)), []),
      narrative: z.optional(text(5000)),
      /** When the learning was recognised; defaults to now, and may be neither in the future nor before the city's earliest date. */
      /** Email the learner that they have the badge (the default); false sends nothing. */
      notify: z.optional(z.boolean()),
      issuedOn: z.optional(
        z.iso.datetime({ offset: true, error: 'must be a date and time with a timezone, e.g. 2026-03-01T09:00:00Z' }).check(
          z.refine((value) => Date.parse(value) <= Date.now() + 60_000, 'must not be in the future'),
          z.refine((value) => Date.parse(value) >= earliest, `must not be before ${earliestIssuedOn}`),
        ),
      ),
    })
    // Named: a single award and each row of a batch take it, and the API document shows it once.
    .check(
      z.meta({
        id: 'AwardRequest',
        description: `One award: the learner’s email (used once to compute the hashed recipient, never stored), optionally their name (kept sealed for the provider, never published), evidence, narrative and issue date (not in the future, not before ${earliestIssuedOn}), and whether to email the learner (notify, default true: the address is kept sealed until the email is sent, then deleted)`,
      }),
    );
};
export type AwardRequest = z.infer<ReturnType<typeof awardRequestSchema>>;

/**
 * What an award is made of when its earner is known only by the hash another award of theirs carries
 * (a milestone badge, from its contributing badges: the email is never stored). The salt comes with the
 * hash, so the two awards name the earner alike.
 */
export type HashedAwardRequest = Omit<AwardRequest, 'recipient'> & { recipient: { hashed: { identity: string; salt: string } } };

/** An award's content, by email (every request) or by hashed recipient (milestones). */
export type AwardContent = AwardRequest | HashedAwardRequest;

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

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * An award id derived from what identifies one intended award (an import's job and row; a caller's
 * Idempotency-Key and request): the same parts always give the same id, so a retry lands on the award
 * an earlier attempt made instead of making a second one. Keyed with a city secret, so it is as
 * unguessable as a random id.
 */
export function derivedAwardId(secret: Buffer, identity: string): string {
  const digest = createHmac('sha256', secret).update(identity).digest();
  return [...digest.subarray(0, AWARD_ID_LENGTH)].map((b) => ID_ALPHABET[b & 31]).join('');
}

/** A badge class whose awards are not unique per learner (attendance badges): each award stands alone. */
export const isRepeatable = (badgeClass: Pick<BadgeClass, 'repeatable'>) => badgeClass.repeatable === true;

/** Why a learner was not awarded a badge they hold already, naming the award they hold. */
export const alreadyHolds = (baseUrl: string, heldAwardId: string) =>
  `this learner already holds this badge: award ${heldAwardId} (${awardUrls(baseUrl, heldAwardId).page})`;

/**
 * Who an award went to, as its provider may see it: the recipient as both badge formats publish it
 * (the salted hash and its salt: sha256(email + salt) tells whether an address is this learner's), and
 * the name if one was given. Never the email, which is not stored.
 */
export function awardRecipient(award: Pick<Award, 'assertion'>, name: string | undefined) {
  const published = (award.assertion.recipient ?? {}) as { identity?: string; salt?: string };
  return { type: 'email' as const, hashed: true as const, identity: String(published.identity), salt: String(published.salt), ...(name !== undefined ? { name } : {}) };
}

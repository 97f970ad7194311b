// Claim codes: a provider hands out codes (printed as QR codes at an event) with which learners claim
// one of its badge classes themselves. A claim set is either a list of single-use codes or one shared
// code with a use limit; both may expire. A code is 26 base32 characters, 130 bits from HMAC-SHA256
// keyed with a city key over the set's id and the code's place in it: as unguessable as a random
// value, never stored (the table keeps SHA-256 of each code), and yet printable again by the set's
// provider, who need not keep the codes safe between events.
import { createHash, createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import { randomIdPattern } from './ids';

export const CLAIM_SET_ID_LENGTH = 16;
export const claimSetId = z.string().check(z.regex(randomIdPattern(CLAIM_SET_ID_LENGTH), 'must be a claim set id'));

/** 130 bits: guessing one of a city's codes takes ~2^100 tries even with a million codes out (see docs/claim-codes.md). */
export const CLAIM_CODE_LENGTH = 26;
export const claimCode = z.string().check(z.regex(randomIdPattern(CLAIM_CODE_LENGTH), 'must be a claim code'));

/** Most codes in one list: one printed sheet per ten, so an event's worth. */
export const MAX_LIST_CODES = 500;
/**
 * Most uses of a shared code. Each use records the learner's keyed hash on the code's item, so that a
 * learner scanning twice uses it once: 1,000 of them are ~70 KB of the 400 KB an item may hold.
 */
export const MAX_SHARED_USES = 1000;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const future = z.iso.datetime({ offset: true, error: 'must be a date and time with a timezone, e.g. 2026-03-01T18:00:00Z' }).check(
  z.refine((value) => Date.parse(value) > Date.now(), 'must be in the future'),
);

const common = {
  /** What the codes are for, as the provider and the claim page show it (an event's name): public. */
  label: text(120),
  /** After this the codes claim nothing. */
  validUntil: z.optional(future),
  /**
   * For children under 13 (the Chicago model): only a guardian, signed in, may use these codes, and the
   * badge goes to the child they name.
   */
  forGuardians: z._default(z.boolean(), false),
};

export const ClaimSetRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('list'), count: z.int().check(z.minimum(1), z.maximum(MAX_LIST_CODES)), ...common }),
    z.object({ kind: z.literal('shared'), limit: z.int().check(z.minimum(1), z.maximum(MAX_SHARED_USES)), ...common, validUntil: future }),
  ])
  .check(
    z.meta({
      id: 'ClaimSetRequest',
      description: `Claim codes for a badge class: a list of single-use codes (kind list, count up to ${MAX_LIST_CODES}), or one shared code (kind shared) with a use limit (up to ${MAX_SHARED_USES}) and an expiry (required)`,
    }),
  );
export type ClaimSetRequest = z.infer<typeof ClaimSetRequestSchema>;

export const ClaimSetSchema = z.object({
  id: z.string(),
  badgeClassId: z.string(),
  issuerId: z.string(),
  label: z.string(),
  kind: z.enum(['list', 'shared']),
  /** How many codes the set has: `count` for a list, 1 for a shared code. */
  codes: z.int(),
  /** Uses per code: 1 for a list, the limit for a shared code. */
  usesPerCode: z.int(),
  validUntil: z.optional(z.string()),
  forGuardians: z.boolean(),
  revoked: z.optional(z.object({ at: z.string() })),
  createdAt: z.string(),
});
export type ClaimSet = z.infer<typeof ClaimSetSchema>;

export function newClaimSet(id: string, badgeClass: { id: string; issuerId: string }, request: ClaimSetRequest, now: Date): ClaimSet {
  return {
    id,
    badgeClassId: badgeClass.id,
    issuerId: badgeClass.issuerId,
    label: request.label,
    kind: request.kind,
    codes: request.kind === 'list' ? request.count : 1,
    usesPerCode: request.kind === 'list' ? 1 : request.limit,
    ...(request.validUntil ? { validUntil: new Date(request.validUntil).toISOString() } : {}),
    forGuardians: request.forGuardians,
    createdAt: now.toISOString(),
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** The `index`th code of set `setId` (0 for a shared code). */
export function claimCodeOf(key: Buffer, setId: string, index: number): string {
  const digest = createHmac('sha256', key).update(`claim-code:${setId}:${index}`).digest();
  return [...digest.subarray(0, CLAIM_CODE_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
}

export const claimCodesOf = (key: Buffer, set: Pick<ClaimSet, 'id' | 'codes'>) => Array.from({ length: set.codes }, (_, index) => claimCodeOf(key, set.id, index));

/** What the table keeps of a code: 130 random bits need no slow hash, nothing can be guessed from it. */
export const claimCodeHash = (code: string) => createHash('sha256').update(code).digest('hex');

/** The URL a QR code holds: the claim page. */
export const claimUrl = (baseUrl: string, code: string) => `${baseUrl}/claim/${code}`;

/** The code as printed under its QR code, for reading aloud or typing: groups of four. */
export const groupedCode = (code: string) => code.match(/.{1,4}/g)!.join(' ');

/** Why a code claims nothing now, or undefined when it may be used. */
export function claimSetState(set: Pick<ClaimSet, 'revoked' | 'validUntil'>, now: Date): 'active' | 'revoked' | 'expired' {
  if (set.revoked) return 'revoked';
  if (set.validUntil && Date.parse(set.validUntil) <= now.getTime()) return 'expired';
  return 'active';
}

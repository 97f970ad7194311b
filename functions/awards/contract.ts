// What the awards routes take and answer.
import * as z from 'zod/mini';
import { jsonResponse, type GroupContract } from '../http/contract';
import { awardId, MAX_AWARD_REQUEST_BYTES, MAX_BATCH, RevocationSchema } from '../domain/awards';
import { AwardRequestSchema } from '../services/award-request';
import { FieldProblemSchema } from '../domain/errors';
import { Ob2AssertionSchema, OpenBadgeCredentialSchema } from '../domain/openbadges/document-schemas';
import { BadgeClassParams } from '../badge-classes/schemas';
import { pageOf, PageQuery } from '../http/pagination';
import { IssuerParams } from '../issuers/schemas';

const AwardLinksSchema = z.object({ assertion: z.url(), page: z.url(), credential: z.url(), image: z.url() });

/** An award in a list, for its provider (`summariseAward`): what it is, its state, the learner's name if given, its URLs. */
const awardSummaryFields = {
  id: z.string(),
  recipient: z
    .object({
      type: z.literal('email'),
      hashed: z.literal(true),
      identity: z.string().check(z.describe('The salted hash both badge formats publish: sha256$ + hex(SHA-256(email + salt))')),
      salt: z.string(),
      name: z.optional(z.string().check(z.describe("The learner's name, if the provider gave one: never published"))),
    })
    .check(z.describe('Who the award went to, never the email (which is not stored): the published hash and salt tell whether an address is this learner’s')),
  badgeClassId: z.string(),
  badgeClassVersion: z.int().check(z.positive()),
  issuedOn: z.iso.datetime().check(z.describe('The date the award carries (may be backdated)')),
  awardedAt: z.iso.datetime().check(z.describe('When the city made the award: lists are newest awarded first')),
  expires: z.optional(z.iso.datetime()),
  state: z.enum(['valid', 'revoked', 'expired']),
  revoked: z.optional(z.object({ at: z.iso.datetime(), reason: z.string() })),
  links: AwardLinksSchema,
};
export const AwardSummarySchema = z.object(awardSummaryFields).check(z.meta({ id: 'AwardSummary', description: 'An award in a list: never an email' }));

/** An award as its issuer sees it (`presentAward`): the summary, and both documents. */
export const AwardJsonSchema = z
  .object({ ...awardSummaryFields, assertion: Ob2AssertionSchema, credential: OpenBadgeCredentialSchema })
  .check(z.meta({ id: 'Award', description: 'An awarded badge: its URLs, its Open Badges 2.0 assertion and its signed Open Badges 3.0 credential' }));

// Each row is checked on its own (a bad row is answered `invalid` and never fails the others), so the
// body takes any value per row; the document shows what a row should be.
const BatchBody = z.object({
  notify: z.optional(z.boolean().check(z.describe('Email the learners that they have the badge (default true); false sends none, whatever the rows say'))),
  recipients: z
    .array(z.unknown().check(z.meta({ $ref: '#/components/schemas/AwardRequest', description: 'An award, checked on its own' })))
    .check(z.minLength(1), z.maxLength(MAX_BATCH)),
});

const index = z.int().check(z.nonnegative());
export const BatchRowSchema = z.discriminatedUnion('status', [
  z.object({ index, status: z.literal('created'), id: z.string(), links: AwardLinksSchema }),
  /** Twice in the batch, or the learner already holds this badge (`existing` names their award). */
  z.object({ index, status: z.literal('duplicate'), detail: z.string(), existing: z.optional(z.object({ id: z.string(), url: z.url() })) }),
  z.object({ index, status: z.literal('invalid'), errors: z.array(FieldProblemSchema) }),
  /** Could not be issued: retry this row. */
  z.object({ index, status: z.literal('failed'), detail: z.string() }),
]);

const count = z.int().check(z.nonnegative());
export const BatchResultSchema = z.object({ created: count, duplicates: count, invalid: count, failed: count, results: z.array(BatchRowSchema) });

const ARCHIVED = 'The badge class is archived: it can no longer be awarded';

export const contract = {
  'POST /badge-classes/{badgeClassId}/awards': {
    params: BadgeClassParams,
    body: AwardRequestSchema,
    maxBodyBytes: MAX_AWARD_REQUEST_BYTES,
    idempotent: true,
    response: jsonResponse('The award (a retry with the same Idempotency-Key answers the same award)', AwardJsonSchema, {
      status: 201,
      headers: { Location: "The badge's public page" },
    }),
    conflict: `${ARCHIVED}; or the learner already holds this badge class (not repeatable): \`existing\` names their award`,
  },
  'POST /badge-classes/{badgeClassId}/awards:batch': {
    params: BadgeClassParams,
    body: BatchBody,
    maxBodyBytes: 1024 * 1024,
    response: jsonResponse(
      'A result per row, by index (created, duplicate, invalid or failed), and the counts; never the emails. Rows the batch had no time for are failed: retry them',
      BatchResultSchema,
    ),
    conflict: ARCHIVED,
  },
  'POST /awards/{awardId}/revoke': {
    params: z.object({ awardId }),
    body: RevocationSchema,
    response: jsonResponse('The award, revoked', AwardJsonSchema),
    conflict: 'The award is revoked already',
  },
  'GET /badge-classes/{badgeClassId}/awards': {
    params: BadgeClassParams,
    query: PageQuery,
    response: jsonResponse("A page of the badge class's awards, newest awarded first (awardedAt, not issuedOn)", pageOf(AwardSummarySchema)),
  },
  'GET /issuers/{issuerId}/awards': {
    params: IssuerParams,
    query: PageQuery,
    response: jsonResponse("A page of the provider's awards, newest awarded first (awardedAt, not issuedOn)", pageOf(AwardSummarySchema)),
  },
} satisfies GroupContract<'awards'>;

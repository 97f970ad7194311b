// What the claim code routes take and answer: a provider's claim sets.
import * as z from 'zod/mini';
import { BadgeClassParams } from '../badge-classes/schemas';
import { ClaimSetRequestSchema, claimSetId } from '../domain/claim-codes';
import { HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { pageOf, PageQuery } from '../http/pagination';

export const ClaimSetParams = z.object({ claimSetId });

const claimSetFields = {
  id: z.string(),
  badgeClassId: z.string(),
  label: z.string(),
  kind: z.enum(['list', 'shared']),
  codes: z.int().check(z.describe('How many codes the set has (1 for a shared code)')),
  usesPerCode: z.int().check(z.describe('How often each code may be used (1 in a list)')),
  validUntil: z.optional(z.iso.datetime()),
  forGuardians: z.boolean().check(z.describe('Only a parent or guardian, signed in, may claim with these codes, for their child')),
  state: z.enum(['active', 'revoked', 'expired']),
  revoked: z.optional(z.object({ at: z.iso.datetime() })),
  createdAt: z.iso.datetime(),
  links: z.object({ self: z.url(), print: z.url() }),
};
export const ClaimSetSummarySchema = z.object(claimSetFields).check(z.meta({ id: 'ClaimSet', description: 'A set of claim codes for one badge class (never the codes themselves)' }));

export const ClaimSetDetailSchema = z
  .object({ ...claimSetFields, uses: z.int().check(z.describe('How often the codes have been used, all together')) })
  .check(z.meta({ id: 'ClaimSetDetail', description: 'A claim set and how often its codes have been used' }));

export const IssuedClaimSetSchema = z
  .object({
    ...claimSetFields,
    claimCodes: z.array(z.object({ code: z.string(), url: z.url().check(z.describe('The claim page: what each QR code holds')) })),
  })
  .check(z.meta({ id: 'IssuedClaimSet', description: 'A new claim set with its codes: the printable page shows them again' }));

export const contract = {
  'POST /badge-classes/{badgeClassId}/claim-codes': {
    params: BadgeClassParams,
    body: ClaimSetRequestSchema,
    idempotent: true,
    response: jsonResponse('The new set and its codes', IssuedClaimSetSchema, { status: 201, headers: { Location: 'The set' } }),
    conflict: 'The badge class is archived: it can no longer be awarded',
  },
  'GET /badge-classes/{badgeClassId}/claim-codes': {
    params: BadgeClassParams,
    query: PageQuery,
    response: jsonResponse("A page of the badge class's claim sets, newest first", pageOf(ClaimSetSummarySchema)),
  },
  'GET /claim-codes/{claimSetId}': {
    params: ClaimSetParams,
    response: jsonResponse('The claim set and how often it was used', ClaimSetDetailSchema),
  },
  'GET /claim-codes/{claimSetId}/print': {
    params: ClaimSetParams,
    response: { status: 200, description: 'A printable page of QR codes, one per code (print CSS: the cards only)', content: { 'text/html': HtmlPage } },
  },
  'POST /claim-codes/{claimSetId}/revoke': {
    params: ClaimSetParams,
    response: jsonResponse('The set, revoked: its codes claim nothing from now on', ClaimSetSummarySchema),
    conflict: 'The set is revoked already',
  },
} satisfies GroupContract<'claimCodes'>;

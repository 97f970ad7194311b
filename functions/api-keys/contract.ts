// What the API keys and audit routes take and answer.
import * as z from 'zod/mini';
import { jsonResponse, type GroupContract } from '../http/contract';
import { pageOf, PageQuery } from '../http/pagination';
import { API_KEY_PATTERN, API_KEY_PREFIX_PATTERN, ApiKeyRecordSchema, SCOPES } from '../domain/api-keys';
import { AuditEntrySchema } from '../domain/audit';
import { ProviderParams } from '../issuers/schemas';

export const NewKeyBody = z.object({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  scopes: z.array(z.enum(SCOPES)).check(z.minLength(1), z.maxLength(SCOPES.length)),
  validUntil: z.optional(
    z.iso.datetime({ offset: true }).check(z.refine((value) => Date.parse(value) > Date.now(), 'must be in the future')),
  ),
});

/** The key as issued: its record without the secret's hash, and the key itself, shown this once. */
export const IssuedApiKeySchema = z.extend(z.omit(ApiKeyRecordSchema, { secretHash: true }), {
  key: z.string().check(z.regex(API_KEY_PATTERN), z.describe('The whole key, shown only in this answer')),
});

export const AuditQuery = z.extend(PageQuery, {
  month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11'), z.describe('Which month (default: this one)'))),
});

export const AuditPageSchema = z.extend(pageOf(AuditEntrySchema), { month: z.string() });

export const contract = {
  'POST /issuers/{issuerId}/api-keys': {
    params: ProviderParams,
    body: NewKeyBody,
    response: jsonResponse('The key: shown this once, stored only as an HMAC', IssuedApiKeySchema, { status: 201 }),
  },
  'POST /api-keys/{prefix}/revoke': {
    params: z.object({ prefix: z.string().check(z.regex(API_KEY_PREFIX_PATTERN, 'must be an API key prefix')) }),
    response: jsonResponse('Revoked: the next request with the key fails', z.object({ prefix: z.string(), revokedAt: z.iso.datetime() })),
    conflict: 'The key is revoked already',
  },
  'GET /audit': {
    query: AuditQuery,
    response: jsonResponse('A page of the month’s successful writes, newest first', AuditPageSchema),
  },
} satisfies GroupContract<'apiKeys'>;

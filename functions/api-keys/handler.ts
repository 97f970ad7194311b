// Route group "apiKeys": city admins issue and revoke providers' API keys.
import * as z from 'zod/mini';
import { getProvider } from '../data/providers';
import { revokeApiKey } from '../data/api-keys';
import { SCOPES } from '../domain/api-keys';
import { notFound } from '../domain/errors';
import { providerId } from '../domain/providers';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { readPage, PageQuery } from '../http/pagination';
import { json } from '../http/reply';
import { issueApiKey } from './issue';
import { listAuditEntries } from '../data/audit';

const NewKeyBody = z.object({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  scopes: z.array(z.enum(SCOPES)).check(z.minLength(1), z.maxLength(SCOPES.length)),
  validUntil: z.optional(
    z.iso.datetime({ offset: true }).check(z.refine((value) => Date.parse(value) > Date.now(), 'must be in the future')),
  ),
});

const create = authenticatedRoute({ params: z.object({ issuerId: providerId }), body: NewKeyBody }, async ({ params, body }) => {
  if (!(await getProvider(params.issuerId))) throw notFound(`Issuer "${params.issuerId}"`);
  const issued = await issueApiKey({ role: 'provider', providerId: params.issuerId, ...body, scopes: [...new Set(body.scopes)] }, new Date());
  return json(issued, { status: 201 });
});

const revoke = authenticatedRoute({ params: z.object({ prefix: z.string().check(z.regex(/^[a-z2-7]{12}$/, 'must be an API key prefix')) }) }, async ({ params }) =>
  json(await revokeApiKey(params.prefix, new Date())),
);

const AuditQuery = z.extend(PageQuery, {
  month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11'))),
});

/** The audit log, newest first, a month at a time, in pages with an opaque cursor. */
const audit = authenticatedRoute({ query: AuditQuery }, async ({ query }) => {
  const month = query.month ?? new Date().toISOString().slice(0, 7);
  return json({ month, ...(await readPage(`audit:${month}`, query, (limit, start) => listAuditEntries(month, limit, start))) });
});

export const handler = dispatch('apiKeys', {
  'POST /issuers/{issuerId}/api-keys': create,
  'POST /api-keys/{prefix}/revoke': revoke,
  'GET /audit': audit,
});

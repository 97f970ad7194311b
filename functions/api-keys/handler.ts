// Route group "apiKeys": city admins issue and revoke providers' API keys.
import { getProvider } from '../data/providers';
import { revokeApiKey } from '../data/api-keys';
import { notFound } from '../domain/errors';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { readPage } from '../http/pagination';
import { json } from '../http/reply';
import { issueApiKey } from './issue';
import { listAuditEntries } from '../data/audit';
import { contract } from './contract';

const create = authenticatedRoute(contract['POST /issuers/{issuerId}/api-keys'], async ({ params, body }) => {
  if (!(await getProvider(params.issuerId))) throw notFound(`Issuer "${params.issuerId}"`);
  const issued = await issueApiKey({ role: 'provider', providerId: params.issuerId, ...body, scopes: [...new Set(body.scopes)] }, new Date());
  return json(issued, { status: 201 });
});

const revoke = authenticatedRoute(contract['POST /api-keys/{prefix}/revoke'], async ({ params }) =>
  json(await revokeApiKey(params.prefix, new Date())),
);

/** The audit log, newest first, a month at a time, in pages with an opaque cursor. */
const audit = authenticatedRoute(contract['GET /audit'], async ({ query }) => {
  const month = query.month ?? new Date().toISOString().slice(0, 7);
  return json({ month, ...(await readPage(`audit:${month}`, query, (limit, start) => listAuditEntries(month, limit, start))) });
});

export const handler = dispatch('apiKeys', {
  'POST /issuers/{issuerId}/api-keys': create,
  'POST /api-keys/{prefix}/revoke': revoke,
  'GET /audit': audit,
});

// Route group "apiKeys": city admins issue and revoke providers' API keys, and read the audit log.
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './contract';
import { auditMonth, issueProviderKey, revokeApiKey } from './service';

const create = authenticatedRoute(contract['POST /issuers/{issuerId}/api-keys'], async ({ params, body }) =>
  json(await issueProviderKey(params.issuerId, body, new Date()), { status: 201 }),
);

const revoke = authenticatedRoute(contract['POST /api-keys/{prefix}/revoke'], async ({ params }) => json(await revokeApiKey(params.prefix, new Date())));

const audit = authenticatedRoute(contract['GET /audit'], async ({ query }) => json(await auditMonth(query.month, query, new Date())));

export const handler = dispatch('apiKeys', {
  'POST /issuers/{issuerId}/api-keys': create,
  'POST /api-keys/{prefix}/revoke': revoke,
  'GET /audit': audit,
});

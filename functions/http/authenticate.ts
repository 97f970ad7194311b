// Who may call a route is declared once, in the route table; this middleware enforces it for every
// route: public routes pass, others need a valid API key (Authorization: Bearer col_…) whose role and
// scopes the route accepts. Whether the caller owns the resource is the domain's question (and answers
// 404, so that ids cannot be probed).
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiKeyPepper } from '../auth/pepper';
import { getApiKey, touchApiKey } from '../data/api-keys';
import { putAuditEntry } from '../data/audit';
import { parseApiKey, secretMatches, type Principal } from '../domain/api-keys';
import { DomainError } from '../domain/errors';
import { routeKey, routes, type Access } from '../routes';
import { idempotency } from './idempotency';
import type { Reply } from './reply';
import { AUTHENTICATES, buildRoute, type Out, type RouteHandler, type RouteRequest, type RouteSpec, type Schema } from './route';

const accessByRouteKey = new Map<string, Access>(routes.map((route) => [routeKey(route), route.access]));
const LAST_USED_INTERVAL_MS = 5 * 60 * 1000;

const unauthenticated = (detail: string) => new DomainError('unauthenticated', detail);

export async function authenticate(authorization: string | undefined, now = new Date()): Promise<Principal> {
  if (!authorization) throw unauthenticated('This route needs an API key: send Authorization: Bearer <key>');
  const [scheme, token] = authorization.split(' ');
  const parsed = scheme?.toLowerCase() === 'bearer' && token ? parseApiKey(token) : undefined;
  if (!parsed) throw unauthenticated('The Authorization header does not hold an API key of this city (Bearer col_…)');
  const record = await getApiKey(parsed.prefix);
  if (!record || !secretMatches(parsed.secret, record.secretHash, await apiKeyPepper())) throw unauthenticated('The API key is not valid');
  if (record.revokedAt) throw unauthenticated('The API key has been revoked');
  if (record.validUntil && Date.parse(record.validUntil) <= now.getTime()) throw unauthenticated('The API key has expired');
  await touchApiKey(record.prefix, now, LAST_USED_INTERVAL_MS);
  return { role: record.role, providerId: record.providerId, scopes: record.scopes, keyPrefix: record.prefix };
}

export function authorise(access: Access, principal: Principal): void {
  if (access.kind !== 'authenticated') return;
  if (!access.roles.includes(principal.role)) throw new DomainError('forbidden', `This route is for ${access.roles.join(' or ')} keys`);
  // City admins hold every scope; provider keys need each scope the route names.
  const missing = principal.role === 'city-admin' ? [] : (access.scopes ?? []).filter((scope) => !principal.scopes.includes(scope));
  if (missing.length) throw new DomainError('forbidden', `This API key lacks the scope ${missing.join(', ')}`);
}

/** The principal travels on the event where an API Gateway Lambda authorizer would put its context. */
export const principalOf = (event: APIGatewayProxyEventV2): Principal | undefined =>
  (event.requestContext as { authorizer?: { lambda?: Principal } }).authorizer?.lambda;

const authenticateRequest: MiddlewareObj<APIGatewayProxyEventV2, Reply> = {
  before: async (request) => {
    const access = accessByRouteKey.get(request.event.routeKey);
    if (access?.kind !== 'authenticated') throw new Error(`Route ${request.event.routeKey} is not declared authenticated`);
    const principal = await authenticate(request.event.headers.authorization);
    authorise(access, principal);
    (request.event.requestContext as { authorizer?: unknown }).authorizer = { lambda: principal };
  },
};

/** Every write that succeeded is recorded: who, with which key, what, when (never the body). */
const auditWrites: MiddlewareObj<APIGatewayProxyEventV2, Reply> = {
  after: async (request) => {
    const { event, response } = request;
    if (event.requestContext.http.method === 'GET' || !response || response.statusCode >= 400) return;
    const principal = principalOf(event)!;
    await putAuditEntry({
      at: new Date().toISOString(),
      requestId: event.requestContext.requestId,
      role: principal.role,
      providerId: principal.providerId,
      keyPrefix: principal.keyPrefix,
      route: event.routeKey,
      path: event.rawPath,
      status: response.statusCode,
    });
  },
};

/** A route for API key holders: the shared chain, plus authentication and the route table's access rule. */
export function authenticatedRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>, fn: (request: RouteRequest<Out<P>, Out<Q>, Out<B>> & { principal: Principal }) => Promise<Reply>): RouteHandler {
  // After-hooks run in reverse: the audit entry is written once the idempotency record is saved.
  const guards = spec.idempotent ? [auditWrites, authenticateRequest, idempotency()] : [auditWrites, authenticateRequest];
  const handler = buildRoute(spec, (request) => fn({ ...request, principal: principalOf(request.event)! }), guards);
  return Object.assign(handler, { [AUTHENTICATES]: true as const });
}

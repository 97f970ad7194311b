// Who may call a route is declared once, in the route table. The API key authorizer (API Gateway, or
// the local server) says who the key is; this middleware enforces the route's rule on every
// authenticated route: a valid key, still unrevoked and unexpired now (the authorizer's answer is
// cached), whose role and scopes the route accepts. Whether the caller owns the resource is the
// domain's question (and answers 404, so that ids cannot be probed).
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AuthorizerContextSchema, principalFromContext } from '../auth/authorizer-context';
import { isApiKeyRevoked } from '../data/api-keys';
import { putAuditEntry } from '../data/audit';
import type { Principal } from '../domain/api-keys';
import { DomainError } from '../domain/errors';
import { routeKey, routes, type Access } from '../../definitions/routes';
import { idempotency } from './idempotency';
import type { Reply } from './reply';
import { AUTHENTICATES, buildRoute, type Out, type RouteHandler, type RouteRequest, type RouteSpec, type Schema } from './route';

const accessByRouteKey = new Map<string, Access>(routes.map((route) => [routeKey(route), route.access]));

const unauthenticated = (detail: string) => new DomainError('unauthenticated', detail);

export function authorise(access: Access, principal: Principal): void {
  if (access.kind !== 'authenticated') return;
  if (!access.roles.includes(principal.role)) throw new DomainError('forbidden', `This route is for ${access.roles.join(' or ')} keys`);
  // City admins hold every scope; provider keys need each scope the route names.
  const missing = principal.role === 'city-admin' ? [] : (access.scopes ?? []).filter((scope) => !principal.scopes.includes(scope));
  if (missing.length) throw new DomainError('forbidden', `This API key lacks the scope ${missing.join(', ')}`);
}

type AuthorizerSlot = { authorizer?: { lambda?: unknown; principal?: Principal } };

/** The principal of an authenticated request, once authenticateRequest has checked it. */
export const principalOf = (event: APIGatewayProxyEventV2): Principal | undefined => (event.requestContext as AuthorizerSlot).authorizer?.principal;

/** The key behind a request, from the authorizer's (possibly cached) answer, checked again now. */
export async function currentPrincipal(event: APIGatewayProxyEventV2, now = new Date()): Promise<Principal> {
  const answer = AuthorizerContextSchema.safeParse((event.requestContext as AuthorizerSlot).authorizer?.lambda);
  // Fail closed: an authenticated route deployed without the authorizer must not run.
  if (!answer.success) throw new Error(`Route ${event.routeKey} was reached without the API key authorizer's answer`);
  const context = answer.data;
  if (context.verdict === 'invalid') throw unauthenticated(context.detail);
  if (context.validUntil && Date.parse(context.validUntil) <= now.getTime()) throw unauthenticated('The API key has expired');
  // The authorizer has just read the record for this very request: reading it again would only add a
  // round trip. A cached answer (an earlier request's) is checked again now.
  const checkedNow = context.checkedForRequest === event.requestContext.requestId;
  if (!checkedNow && (await isApiKeyRevoked(context.keyPrefix))) throw unauthenticated('The API key has been revoked');
  return principalFromContext(context);
}

const authenticateRequest: MiddlewareObj<APIGatewayProxyEventV2, Reply> = {
  before: async (request) => {
    const access = accessByRouteKey.get(request.event.routeKey);
    if (access?.kind !== 'authenticated') throw new Error(`Route ${request.event.routeKey} is not declared authenticated`);
    const principal = await currentPrincipal(request.event);
    authorise(access, principal);
    const slot = request.event.requestContext as AuthorizerSlot;
    slot.authorizer = { ...slot.authorizer, principal };
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
  const guards = spec.idempotent ? [auditWrites, authenticateRequest, idempotency({ sealed: spec.personalAnswer === true })] : [auditWrites, authenticateRequest];
  const handler = buildRoute(spec, (request) => fn({ ...request, principal: principalOf(request.event)! }), guards);
  return Object.assign(handler, { [AUTHENTICATES]: true as const });
}

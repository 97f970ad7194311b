// One Lambda serves one route group: it dispatches on API Gateway's routeKey to the group's handlers.
// At cold start it checks that it implements exactly the routes the route table gives its group, so a
// route added to the table without a handler (or the reverse) fails the first test that loads it.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { headRouteKey, routeKey, routes, type Access, type Route, type RouteGroupName, type RouteKeyOf } from '../../definitions/routes';
import { AUTHENTICATES, type HttpHandler, type RouteHandler } from './route';
import type { Reply } from './reply';

export function dispatch<G extends RouteGroupName>(
  group: G,
  handlers: Record<RouteKeyOf<G>, HttpHandler>,
  fallback?: HttpHandler,
): HttpHandler {
  const expected = routes.filter((r) => r.group === group).map(routeKey).sort();
  const actual = Object.keys(handlers).sort();
  if (expected.join('\n') !== actual.join('\n')) {
    throw new Error(`Route group "${group}" implements [${actual.join(', ')}] but the route table lists [${expected.join(', ')}]`);
  }
  // Fail closed: a route the table does not call public must be served by a handler that authenticates
  // the way its access says (an API key, or a learner's session).
  for (const route of routes.filter((r) => r.group === group)) {
    const authenticates = (handlers as Record<string, RouteHandler>)[routeKey(route)]![AUTHENTICATES];
    const access = route.access as Access;
    const expected = access.kind === 'authenticated' ? true : access.kind === 'learner' ? 'learner' : undefined;
    if (authenticates !== expected) {
      throw new Error(`Route ${routeKey(route)} is ${access.kind} in the route table but its handler ${authenticates ? `authenticates ${authenticates === true ? 'API keys' : 'learners'}` : 'does not authenticate'}`);
    }
  }
  const table = new Map<string, HttpHandler>(Object.entries(handlers));
  for (const route of (routes as readonly Route[]).filter((r) => r.group === group && r.head)) {
    table.set(headRouteKey(route), headersOnly(table.get(routeKey(route))!));
  }
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<Reply> => {
    const handler = table.get(event.routeKey) ?? (event.routeKey === '$default' ? fallback : undefined);
    if (!handler) throw new Error(`No handler for route ${event.routeKey} in group ${group}`);
    return handler(event, context);
  };
}

/** HEAD: the GET handler's answer (status, headers) without its body, as RFC 9110 §9.3.2 asks. */
const headersOnly =
  (get: HttpHandler): HttpHandler =>
  async (event, context) => {
    const { body: _body, isBase64Encoded: _encoded, ...answer } = await get(event, context);
    return { ...answer, body: '' };
  };

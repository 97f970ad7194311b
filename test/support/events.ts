// API Gateway v2 events for unit tests, routed with the same route table as the local server.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { otherFunctionGrants } from '../../definitions/function-grants';
import { apiKeyAuthorizer } from '../../definitions/routes';
import { gatewayAuthorizer, resolveRoute, type AuthorizerHandler } from '../../local/http-adapter';
import { loadFunction } from './function-env';

export interface EventInput {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** `name=value` strings, as API Gateway gives them. */
  cookies?: string[];
}

export function httpEvent({ method = 'GET', path, query, headers = {}, body, cookies }: EventInput): APIGatewayProxyEventV2 {
  const route = resolveRoute(method, path);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(cookies ? { cookies } : {}),
    ...(query ? { queryStringParameters: query } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'unit.example',
      domainPrefix: 'unit',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-unit-1',
      routeKey: route.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined ? { body } : {}),
    // API Gateway (payload 2.0) hands the Cookie header over as `cookies`.
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    isBase64Encoded: false,
  };
}

export const context = {
  awsRequestId: 'lambda-req-1',
  functionName: 'unit',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:unit',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/unit',
  logStreamName: 'unit',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

export const parseBody = (reply: { body?: string }) => JSON.parse(reply.body ?? 'null') as Record<string, unknown>;

// The authorizer is a function of its own, with its own grants: loaded as such, on first use.
let uncachedAuthorizer: ReturnType<typeof gatewayAuthorizer> | undefined;

/**
 * The event as it reaches an authenticated route's function: through the API key authorizer, as API
 * Gateway runs it. Throws when the gateway itself would have answered (no Authorization header).
 */
export async function authorizedEvent(input: EventInput): Promise<APIGatewayProxyEventV2> {
  const event = httpEvent(input);
  uncachedAuthorizer ??= gatewayAuthorizer(
    (await loadFunction<{ handler: AuthorizerHandler }>(apiKeyAuthorizer.entry, otherFunctionGrants.authorizer)).handler,
    0,
  );
  const refused = await uncachedAuthorizer(event);
  if (refused) throw new Error(`API Gateway answers ${refused.status} itself`);
  return event;
}

// The local stand-in for API Gateway (HTTP API, payload format 2.0): it routes with the same route
// table as the CDK stack, builds the same event, calls the same group handlers, and applies API
// Gateway's response rules, so code that works here works behind API Gateway.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  Context,
} from 'aws-lambda';
import { apiKeyAuthorizer, fallbackRoute, routeKey, routes, type Route, type RouteGroupName } from '../functions/routes';
import { matchPath } from '../functions/http/match';

export type GroupHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
export type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEventV2) => Promise<APIGatewaySimpleAuthorizerWithContextResult<unknown>>;

/** API Gateway HTTP API limits. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;

// API Gateway picks the most specific route: more literal segments first.
const literalSegments = (route: Route) => route.path.split('/').filter((s) => s && !s.startsWith('{')).length;
const routesBySpecificity = [...(routes as readonly Route[])].sort((a, b) => literalSegments(b) - literalSegments(a));

export interface ResolvedRoute {
  routeKey: string;
  group: RouteGroupName;
  /** Behind the API key authorizer. */
  authenticated: boolean;
  pathParameters?: Record<string, string>;
}

export function resolveRoute(method: string, path: string): ResolvedRoute {
  for (const route of routesBySpecificity) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (!params) continue;
    const pathParameters = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, safeDecode(v)]));
    return {
      routeKey: routeKey(route),
      group: route.group,
      authenticated: route.access.kind === 'authenticated',
      ...(Object.keys(params).length ? { pathParameters } : {}),
    };
  }
  return { routeKey: fallbackRoute.routeKey, group: fallbackRoute.group, authenticated: false };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const isTextual = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/([a-z.+-]*\+)?(json|xml)|application\/x-www-form-urlencoded)/i.test(contentType);

export function buildEvent(req: IncomingMessage, body: Buffer, domainName: string): { event: APIGatewayProxyEventV2; route: ResolvedRoute } {
  const url = new URL(req.url ?? '/', `http://${domainName}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const route = resolveRoute(method, url.pathname);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);

  // Repeated query parameters reach the Lambda comma-joined, as API Gateway sends them.
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;

  const now = new Date();
  const binary = body.length > 0 && !isTextual(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomBytes(12).toString('base64url'),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: binary ? body.toString('base64') : body.toString('utf8') } : {}),
    isBase64Encoded: binary,
  };
  return { event, route };
}

export function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 10_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const gatewayError = (status: number, message: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ message })),
});

/** API Gateway's rules for turning a payload-2.0 Lambda result into an HTTP response. */
export function toHttpResponse(result: APIGatewayProxyResultV2): HttpResponse {
  if (typeof result === 'object' && result !== null && 'statusCode' in result && typeof result.statusCode === 'number') {
    const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    return { status: result.statusCode, headers, body };
  }
  // Without a statusCode, API Gateway assumes 200 and sends the result itself as a JSON body.
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * API Gateway's Lambda authorizer step: no identity header is the gateway's own 401 (the authorizer is
 * not called); otherwise the authorizer's answer, cached per header value for `cacheSeconds`, either
 * lets the request through with its context or is the gateway's 403. Undefined means: go on.
 */
export function gatewayAuthorizer(authorizer: AuthorizerHandler, cacheSeconds: number = apiKeyAuthorizer.cacheSeconds) {
  const cache = new Map<string, { expires: number; result: APIGatewaySimpleAuthorizerWithContextResult<unknown> }>();
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse | undefined> => {
    const identity = event.headers[apiKeyAuthorizer.identityHeader.toLowerCase()];
    if (!identity) return gatewayError(401, 'Unauthorized');
    const now = Date.now();
    let cached = cache.get(identity);
    if (!cached || cached.expires <= now) {
      const result = await authorizer(authorizerEvent(event, identity));
      cached = { expires: now + cacheSeconds * 1000, result };
      if (cacheSeconds > 0) cache.set(identity, cached);
    }
    if (!cached.result.isAuthorized) return gatewayError(403, 'Forbidden');
    (event.requestContext as { authorizer?: unknown }).authorizer = { lambda: cached.result.context };
    return undefined;
  };
}

function authorizerEvent(event: APIGatewayProxyEventV2, identity: string): APIGatewayRequestAuthorizerEventV2 {
  const { http, stage, apiId, accountId } = event.requestContext;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:local:${accountId}:${apiId}/${stage}/${http.method}${http.path}`,
    identitySource: [identity],
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    cookies: event.cookies ?? [],
    headers: event.headers as Record<string, string>,
    queryStringParameters: (event.queryStringParameters ?? {}) as Record<string, string>,
    requestContext: event.requestContext,
    pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
    stageVariables: {},
  };
}

export interface AdapterOptions {
  domainName: string;
  handlers: Record<RouteGroupName, GroupHandler>;
  /** The API key authorizer, run before every authenticated route as API Gateway runs it. */
  authorize: (event: APIGatewayProxyEventV2) => Promise<HttpResponse | undefined>;
  onError?: (error: unknown) => void;
  onResponse?: (line: { method: string; path: string; status: number; ms: number }) => void;
}

/**
 * Requests Node cannot even parse (a request line or headers over its limit, malformed HTTP) get a
 * problem+json answer too, instead of Node's bare one.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const title = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail: status === 431 ? 'The request line and headers are too large' : 'The request is not valid HTTP' });
  socket.end(`HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** A Node `request` listener that serves the route table through the group handlers. */
export function createRequestListener(options: AdapterOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let response: HttpResponse;
    const body = await readBody(req);
    if (!body) {
      response = gatewayError(413, 'Request Entity Too Large');
    } else {
      const { event, route } = buildEvent(req, body, options.domainName);
      try {
        const refused = route.authenticated ? await options.authorize(event) : undefined;
        if (refused) {
          response = refused;
        } else {
          const result = await options.handlers[route.group](event, lambdaContext(`local-${route.group}`));
          response = toHttpResponse(result);
          if (response.body.length > MAX_LAMBDA_RESPONSE_BYTES) response = gatewayError(500, 'Internal Server Error');
        }
      } catch (error) {
        options.onError?.(error);
        response = gatewayError(500, 'Internal Server Error');
      }
      response.headers['apigw-requestid'] = event.requestContext.requestId;
    }
    res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
    res.end(req.method === 'HEAD' ? undefined : response.body);
    options.onResponse?.({ method: req.method ?? '', path: req.url ?? '', status: response.status, ms: performance.now() - started });
  };
}

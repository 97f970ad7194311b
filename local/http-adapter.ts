// The local stand-in for API Gateway (HTTP API, payload format 2.0): it routes with the same route
// table as the CDK stack, builds the same event, calls the same group handlers, and applies API
// Gateway's response rules, so code that works here works behind API Gateway.
import { isUtf8 } from 'node:buffer';
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
import { apiKeyAuthorizer, fallbackRoute, headRouteKey, routeGroups, routeKey, routes, type Route, type RouteGroupName } from '../definitions/routes';
import { matchPath } from '../functions/http/match';

export type GroupHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
export type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEventV2) => Promise<APIGatewaySimpleAuthorizerWithContextResult<unknown>>;

/** API Gateway HTTP API limits. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Lambda's default function timeout, as the stack sets it (lib/constructs/city-function.ts). */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** A group's Lambda timeout, as the route table gives it to the stack. */
export const groupTimeoutSeconds = (group: RouteGroupName): number =>
  (routeGroups[group] as { timeoutSeconds?: number }).timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

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
    const head = method === 'HEAD' && route.head === true;
    if (route.method !== method && !head) continue;
    const params = matchPath(route.path, path);
    if (!params) continue;
    const pathParameters = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, safeDecode(v)]));
    return {
      routeKey: head ? headRouteKey(route) : routeKey(route),
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

/** A request target that is no URL path (`*`, a broken absolute-form URL): API Gateway would refuse it too. */
export class RequestTargetError extends Error {}

/**
 * The request target as a URL on this domain. Origin-form (`/path?query`) is taken as it is, so `//x`
 * stays a path and never becomes a host; absolute-form (`http://host/path`) counts by its path.
 */
export function requestUrl(target: string, domainName: string): URL {
  try {
    if (target.startsWith('/')) return new URL(`http://${domainName}${target}`);
    const absolute = new URL(target);
    if (absolute.protocol === 'http:' || absolute.protocol === 'https:') return new URL(`http://${domainName}${absolute.pathname}${absolute.search}`);
  } catch {
    // not a URL at all
  }
  throw new RequestTargetError(`The request target is not a URL path`);
}

export function buildEvent(req: IncomingMessage, body: Buffer, domainName: string): { event: APIGatewayProxyEventV2; route: ResolvedRoute } {
  const url = requestUrl(req.url ?? '/', domainName);
  const method = (req.method ?? 'GET').toUpperCase();
  const route = resolveRoute(method, url.pathname);

  // From the raw header lines, as API Gateway sees them: repeated headers comma-joined (Node would keep
  // only the first Authorization or Content-Type), and built with Object.fromEntries, as JSON.parse
  // builds API Gateway's event, so a header or query parameter named like an Object.prototype member
  // (`__proto__`, `constructor`) is just a name.
  const headerLines = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name !== 'cookie') headerLines.set(name, headerLines.has(name) ? `${headerLines.get(name)},${value}` : value);
  }
  const headers: Record<string, string> = Object.fromEntries(headerLines);
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);

  // Repeated query parameters reach the Lambda comma-joined, as API Gateway sends them.
  const joined = new Map<string, string>();
  for (const [name, value] of url.searchParams) joined.set(name, joined.has(name) ? `${joined.get(name)},${value}` : value);
  const query: Record<string, string> = Object.fromEntries(joined);

  const now = new Date();
  // A body that is not UTF-8 cannot travel as a JSON string without being altered: it goes base64, as
  // a binary type does (a Latin-1 CSV must reach the handler as the bytes that were sent).
  const binary = body.length > 0 && (!isTextual(headers['content-type']) || !isUtf8(body));
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

/** A Lambda context whose remaining time counts down from `timeoutMs`, as Lambda's does. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
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
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
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

/**
 * The whole body, or `too-large` as soon as it passes the gateway's limit (by Content-Length, or once
 * that many bytes have come). The rest of a body that is too large is still read and dropped, so that a
 * client that is still sending gets the answer instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => (req.complete ? undefined : reject(new Error('The client went away mid-body'))));
  });
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
  /** Each group's Lambda timeout (default: the route table's, as the stack sets it). */
  timeoutSeconds?: (group: RouteGroupName) => number;
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
  // An answer to HEAD has the headers of the full answer and no body (a body would be read as the next response).
  const head = (error as NodeJS.ErrnoException & { rawPacket?: Buffer }).rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
  );
}

/** A problem+json answer from the adapter itself, for requests that never reach a Lambda. */
const adapterProblem = (status: number, title: string, detail: string): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status, detail })),
});

const TIMED_OUT = Symbol('timed out');

/** The handler's result, or TIMED_OUT once `timeoutMs` has passed (its later result, or error, is dropped). */
function withinDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
  work.catch(() => undefined); // an error after the deadline goes nowhere, as in Lambda
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function respond(req: IncomingMessage, body: Buffer, options: AdapterOptions): Promise<HttpResponse> {
  let built: ReturnType<typeof buildEvent>;
  try {
    built = buildEvent(req, body, options.domainName);
  } catch (error) {
    if (error instanceof RequestTargetError) return adapterProblem(400, 'Bad Request', error.message);
    throw error;
  }
  const { event, route } = built;
  let response: HttpResponse;
  try {
    const refused = route.authenticated ? await options.authorize(event) : undefined;
    if (refused) {
      response = refused;
    } else {
      const timeoutMs = (options.timeoutSeconds ?? groupTimeoutSeconds)(route.group) * 1000;
      const result = await withinDeadline(options.handlers[route.group](event, lambdaContext(`local-${route.group}`, timeoutMs)), timeoutMs);
      if (result === TIMED_OUT) {
        // Lambda stops the function and API Gateway (HTTP API) answers for it. Here the handler cannot be
        // stopped: it runs on, and its answer is dropped, as Lambda drops it.
        options.onError?.(new Error(`${event.routeKey} timed out after ${timeoutMs} ms (the group's Lambda timeout)`));
        response = gatewayError(503, 'Service Unavailable');
      } else {
        response = toHttpResponse(result);
        if (response.body.length > MAX_LAMBDA_RESPONSE_BYTES) response = gatewayError(500, 'Internal Server Error');
      }
    }
  } catch (error) {
    options.onError?.(error);
    response = gatewayError(500, 'Internal Server Error');
  }
  response.headers['apigw-requestid'] = event.requestContext.requestId;
  return response;
}

/**
 * A Node `request` listener that serves the route table through the group handlers. It never rejects:
 * an unhandled rejection would stop the whole local city (Node's default), so one odd request or a
 * client that hangs up mid-body must not.
 */
export function createRequestListener(options: AdapterOptions) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let body: Buffer | 'too-large';
    try {
      body = await readBody(req);
    } catch {
      // The client went away before sending its whole body: there is nobody left to answer.
      res.destroy();
      return;
    }
    let response: HttpResponse;
    try {
      response = body === 'too-large' ? gatewayError(413, 'Request Entity Too Large') : await respond(req, body, options);
      res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
    } catch (error) {
      // A header Node cannot send (e.g. a control character in a value) is the function's fault: API Gateway answers 500.
      options.onError?.(error);
      response = gatewayError(500, 'Internal Server Error');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
    }
    res.end(req.method === 'HEAD' ? undefined : response.body);
    options.onResponse?.({ method: req.method ?? '', path: req.url ?? '', status: response.status, ms: performance.now() - started });
  };
}

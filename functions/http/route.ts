// The shared middy chain for every HTTP route: header normalisation, request id and structured logs,
// zod validation of path, query and (only where a route declares one) JSON body, and problem+json
// for every error. Handlers receive typed, validated input and return a Reply.
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import { DomainError, fieldName, invalid, type FieldProblem } from '../domain/errors';
import { MAX_JSON_DEPTH, nestsTooDeeply } from '../domain/json-depth';
import type { SuccessResponse } from './contract';
import { logger } from './logger';
import { observability } from './observability';
import { originGuard } from './origin-guard';
import { problemErrorHandler } from './problem';
import type { Reply } from './reply';

export type Schema = z.ZodMiniType;
export type Out<S> = S extends Schema ? z.infer<S> : undefined;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  params?: P;
  query?: Q;
  /** Declaring a body schema makes the route parse a JSON body; routes without one ignore bodies. */
  body?: B;
  /** Largest accepted JSON body, in bytes (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Honour an Idempotency-Key header (creating routes; needs an authenticated route). */
  idempotent?: boolean;
  /** A raw (non-JSON) body of one of these content types, handed over as the request's `raw` Buffer. */
  rawBody?: { contentTypes: readonly string[]; maxBytes: number };
  /**
   * Also takes a browser's form post in one of these content types, beside the JSON `body`: such a
   * request's bytes are handed over as `form` (unchecked: the handler reads them and answers its own
   * mistakes, as a page), and its `body` is not parsed.
   */
  forms?: { contentTypes: readonly string[]; description: string };
  /** The success answer, for the API document (a route's contract has one); the chain does not use it. */
  response?: SuccessResponse;
}

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  event: APIGatewayProxyEventV2;
  requestId: string;
  /** The body as bytes, for routes that declare `rawBody`; empty otherwise. */
  raw: Buffer;
  /** A form post's bytes, for routes that declare `forms`; undefined for every other request (whose `body` is parsed). */
  formPost?: Buffer;
  /** Milliseconds left before the function's deadline (Lambda's context.getRemainingTimeInMillis). */
  remainingMs: () => number;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<Reply>;

/**
 * A handler still running this long before the function's deadline is answered 503 (middy's early
 * timeout, a TimeoutError: functions/http/problem.ts), so the caller hears "retry" from us, with time
 * left to write the answer, rather than API Gateway's bare error after Lambda stops the function.
 */
export const ANSWER_BEFORE_DEADLINE_MS = 1_000;

/** A JSON body larger than this is refused (413) unless the route allows more. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function validate<S extends Schema | undefined>(schema: S, value: unknown, where: FieldProblem['in']): Out<S> {
  if (!schema) return undefined as Out<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data as Out<S>;
  throw invalid(result.error.issues.map((issue) => ({ in: where, field: fieldName(issue.path), detail: issue.message })));
}

function readJsonBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  const contentType = event.headers['content-type'] ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(contentType)) {
    throw new DomainError('unsupported-media-type', 'The request body must be JSON, sent with Content-Type: application/json');
  }
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > maxBytes) {
    throw new DomainError('too-large', `The request body is larger than ${maxBytes} bytes`);
  }
  if (text.trim() === '') throw invalid([{ in: 'body', field: '', detail: 'is required' }]);
  if (nestsTooDeeply(text)) throw invalid([{ in: 'body', field: '', detail: `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep` }]);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid([{ in: 'body', field: '', detail: 'is not valid JSON' }]);
  }
}

const isOneOf = (event: APIGatewayProxyEventV2, contentTypes: readonly string[]) =>
  contentTypes.includes((event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase());

function readRawBody(event: APIGatewayProxyEventV2, accepted: NonNullable<RouteSpec<undefined, undefined, undefined>['rawBody']>): Buffer {
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.contentTypes.includes(contentType)) {
    throw new DomainError('unsupported-media-type', `The request body must be one of: ${accepted.contentTypes.join(', ')}`);
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > accepted.maxBytes) throw new DomainError('too-large', `The request body is larger than ${accepted.maxBytes} bytes`);
  if (body.length === 0) throw invalid([{ in: 'body', field: '', detail: 'is required' }]);
  return body;
}

/**
 * The function version that answered, on every request line: a gradual deployment's alarms count the
 * new version's 5xx answers from these lines (lib/constructs/gradual-deployment.ts).
 */
const functionVersion = process.env.AWS_LAMBDA_FUNCTION_VERSION;

/** Adds the request id to every log line and every response, errors included. */
const requestContext = (): middy.MiddlewareObj<APIGatewayProxyEventV2, Reply> => {
  const stamp = (request: middy.Request<APIGatewayProxyEventV2, Reply>) => {
    if (request.response) {
      request.response.headers = {
        ...request.response.headers,
        'x-request-id': request.event.requestContext.requestId,
        'x-content-type-options': 'nosniff',
      };
    }
  };
  return {
    before: (request) => {
      logger.appendKeys({ requestId: request.event.requestContext.requestId, route: request.event.routeKey });
    },
    after: (request) => {
      logger.info('request', { status: request.response?.statusCode, path: request.event.rawPath, functionVersion });
      stamp(request);
    },
    onError: (request) => {
      logger.info('request', { status: request.response?.statusCode, path: request.event.rawPath, functionVersion });
      stamp(request);
    },
  };
};

/** Marks handlers that authenticate, so a group cannot serve a non-public route without it. */
export const AUTHENTICATES = Symbol('authenticates');
/** `true`: API keys (authenticated-route.ts); `learner`: learners' sessions (learner-route.ts). */
export type RouteHandler = HttpHandler & { [AUTHENTICATES]?: true | 'learner' };

export function httpRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>, fn: (request: RouteRequest<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>): RouteHandler {
  return buildRoute(spec, fn);
}

/** The shared chain; `guards` run after logging is set up and before validation (authentication, idempotency). */
export function buildRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  spec: RouteSpec<P, Q, B>,
  fn: (request: RouteRequest<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>,
  guards: middy.MiddlewareObj<APIGatewayProxyEventV2, Reply>[] = [],
): RouteHandler {
  const maxBodyBytes = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const core = async (event: APIGatewayProxyEventV2, context: Context): Promise<Reply> => {
    const params = validate(spec.params as P, event.pathParameters ?? {}, 'path');
    const query = validate(spec.query as Q, event.queryStringParameters ?? {}, 'query');
    const formPost = spec.forms && isOneOf(event, spec.forms.contentTypes) ? Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8') : undefined;
    // A form post has no JSON body: the handler reads `formPost` instead.
    const body = (formPost ? undefined : validate(spec.body as B, spec.body ? readJsonBody(event, maxBodyBytes) : undefined, 'body')) as Out<B>;
    const raw = spec.rawBody ? readRawBody(event, spec.rawBody) : Buffer.alloc(0);
    const remainingMs = () => context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    return fn({ params, query, body, event, requestId: event.requestContext.requestId, raw, remainingMs, ...(formPost ? { formPost } : {}) });
  };
  // onError handlers run last-registered first: problem+json is built, then stamped with the request id.
  const chain = middy<APIGatewayProxyEventV2, Reply, Error, Context>(core, { timeoutEarlyInMillis: ANSWER_BEFORE_DEADLINE_MS })
    .use(httpHeaderNormalizer())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestContext())
    .use(problemErrorHandler())
    .use(observability())
    .use(originGuard());
  for (const guard of guards) chain.use(guard);
  return chain as HttpHandler;
}

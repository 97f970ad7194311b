// RFC 9457 problem+json: the one place where errors become HTTP statuses.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { DomainError, FieldProblemSchema, type DomainErrorKind } from '../domain/errors';
import { logger } from './logger';
import type { Reply } from './reply';

/** Every error body: the API contract's one Problem component, and the type built here. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int().check(z.minimum(400), z.maximum(599)),
    detail: z.string(),
    /** The request's path. */
    instance: z.optional(z.string()),
    /** The x-request-id of the answer: quote it when reporting a problem. */
    requestId: z.optional(z.string()),
    /** Each invalid field, with where it was and what is wrong with it. */
    errors: z.optional(z.array(FieldProblemSchema)),
    /** For 405: the methods the path does accept. */
    allow: z.optional(z.array(z.string())),
    /** For 409: what already exists (the award a learner already holds), if the caller may read it. */
    existing: z.optional(z.object({ id: z.string(), url: z.string() })),
  })
  .check(
    z.meta({
      id: 'Problem',
      description:
        'RFC 9457 problem details (application/problem+json): status, title and detail, the request id, and for invalid input an errors list naming each field',
    }),
  );
export type Problem = z.infer<typeof ProblemSchema>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client is asked to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 3;

// Errors that say "not now" rather than "never": the function ran out of time (middy's early timeout),
// storage throttled, timed out or could not be reached. Nothing the caller sent was wrong, and a retry
// (with the same Idempotency-Key for a create) is safe.
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Powertools idempotency wraps a storage failure (IdempotencyPersistenceLayerError): judge what it wraps.
  if (error.cause instanceof Error && isTransient(error.cause)) return true;
  const { name, code, $metadata, CancellationReasons } = error as Error & {
    code?: string;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  if (TRANSIENT_NAMES.has(name) || (code && TRANSIENT_CODES.has(code))) return true;
  // A transaction cancelled for throttling or a conflict, not for a condition.
  if (name === 'TransactionCanceledException') return (CancellationReasons ?? []).some((r) => r.Code === 'ThrottlingError' || r.Code === 'TransactionConflict');
  return ($metadata?.httpStatusCode ?? 0) >= 500;
}

const statusOf: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
};

export function problemReply(problem: Omit<Problem, 'type' | 'title'> & { title?: string }, headers: Record<string, string> = {}): Reply {
  const { status, title, detail, ...extensions } = problem;
  const body: Problem = { type: 'about:blank', title: title ?? titles[status] ?? 'Error', status, detail, ...extensions };
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Client errors thrown by middy middlewares carry a 4xx `statusCode` and `expose: true`. */
const isExposedHttpError = (error: unknown): error is Error & { statusCode: number } => {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
};

export function toProblem(error: unknown, event: APIGatewayProxyEventV2): Reply {
  const common = { instance: event.rawPath, requestId: event.requestContext?.requestId };
  if (error instanceof DomainError) {
    return problemReply(
      {
        ...common,
        status: statusOf[error.kind],
        detail: error.message,
        ...(error.fields.length ? { errors: error.fields } : {}),
        ...(error.existing ? { existing: error.existing } : {}),
      },
      error.kind === 'unauthenticated' ? { 'www-authenticate': 'Bearer' } : error.kind === 'rate-limited' ? { 'retry-after': '60' } : {},
    );
  }
  // Powertools idempotency, by name (importing it here would put it in every bundle).
  const idempotencyStatus = { IdempotencyValidationError: 422, IdempotencyAlreadyInProgressError: 409 }[(error as Error | undefined)?.name ?? ''];
  if (idempotencyStatus) {
    const detail =
      idempotencyStatus === 422
        ? 'This Idempotency-Key was used with a different request body'
        : 'A request with this Idempotency-Key is still being processed; retry shortly';
    return problemReply({ ...common, status: idempotencyStatus, detail }, idempotencyStatus === 409 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {});
  }
  if (isExposedHttpError(error)) {
    return problemReply({ ...common, status: error.statusCode, detail: error.message });
  }
  if (isTransient(error)) {
    logger.warn('Transient failure', error as Error);
    return problemReply(
      { ...common, status: 503, detail: 'The service could not finish this request in time. Retry it (with the same Idempotency-Key, if you sent one).' },
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  // Anything else is our fault: log it whole, answer without internals.
  logger.error('Unhandled error', error as Error);
  return problemReply({
    ...common,
    status: 500,
    detail: 'An unexpected error occurred. Quote the request id if you report it.',
  });
}

export const problemErrorHandler = (): MiddlewareObj<APIGatewayProxyEventV2, Reply, Error, Context> => ({
  onError: (request) => {
    request.response = toProblem(request.error, request.event);
  },
});

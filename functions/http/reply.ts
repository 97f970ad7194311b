// Building HTTP responses (API Gateway HTTP API, payload format 2.0).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAP_PAGE_CONTENT_SECURITY_POLICY, PAGE_SECURITY_HEADERS } from '../../definitions/security-headers';

export type Reply = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

export interface ReplyOptions {
  status?: number;
  /** Public responses may be cached by browsers and CloudFront for this long; default: not cached. */
  cacheSeconds?: number;
  headers?: Record<string, string>;
}

const cacheControl = (seconds: number | undefined) =>
  seconds && seconds > 0 ? `public, max-age=${seconds}` : 'no-store';

/** A promise would serialise as `{}`: the type refuses one, so a forgotten `await` does not compile. */
export function json<T>(data: T extends PromiseLike<unknown> ? never : T, options: ReplyOptions = {}): Reply {
  return {
    statusCode: options.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': cacheControl(options.cacheSeconds),
      ...options.headers,
    },
    body: JSON.stringify(data),
  };
}

/** Bytes (images): base64 in the Lambda response, decoded by API Gateway. */
export function binary(data: Buffer, contentType: string, options: ReplyOptions = {}): Reply {
  return {
    statusCode: options.status ?? 200,
    headers: { 'content-type': contentType, 'cache-control': cacheControl(options.cacheSeconds), ...options.headers },
    body: data.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * A server-rendered page, the one way a handler answers HTML: with the page security headers (CSP,
 * Referrer-Policy, nosniff, no framing), which a route's own headers cannot override.
 */
export function htmlPage(markup: string, options: ReplyOptions & { map?: boolean } = {}): Reply {
  return {
    statusCode: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': cacheControl(options.cacheSeconds),
      ...options.headers,
      ...PAGE_SECURITY_HEADERS,
      // The search page's map runs the city's own scripts, and nothing else.
      ...(options.map ? { 'content-security-policy': MAP_PAGE_CONTENT_SECURITY_POLICY } : {}),
    },
    body: markup,
  };
}

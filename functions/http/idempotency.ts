// Safe retries for creating routes: a request with an Idempotency-Key header runs once; repeating it
// (same key, same API key, same route and body) answers the first response again, and reusing the key
// with another body is refused. Powertools idempotency, persisted in the city table under pk
// IDEMPOTENCY#<0-f>, expiring after a day. Requests without the header are not deduplicated.
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors';
import { IDEMPOTENCY_HEADER, IdempotencyKeySchema } from './idempotency-key';
import type { Reply } from './reply';

const REFUSED = 'cities-of-learning.idempotency.refused';

/** The records' partitions: IDEMPOTENCY#0 to IDEMPOTENCY#f. */
export const idempotencyPartition = (recordKey: string) => `IDEMPOTENCY#${createHash('sha256').update(recordKey).digest('hex')[0]}`;

/**
 * Safe retries for a route; `sealed` for a route whose answer holds personal data (its group holds the
 * city's secret). The store (functions/http/idempotency-store.ts) is loaded by the first request with
 * the header, and kept: a request without it never waits for it.
 */
export const idempotency = (options: { sealed: boolean }): MiddlewareObj<APIGatewayProxyEventV2, Reply> => {
  let inner: Promise<MiddlewareObj<APIGatewayProxyEventV2, Reply>> | undefined;
  return guarded(() => (inner ??= import('./idempotency-store').then(({ idempotentMiddleware }) => idempotentMiddleware(options.sealed))));
};

const guarded = (load: () => Promise<MiddlewareObj<APIGatewayProxyEventV2, Reply>>): MiddlewareObj<APIGatewayProxyEventV2, Reply> => ({
  before: async (request) => {
    const key = request.event.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return undefined;
    if (!IdempotencyKeySchema.safeParse(key).success) {
      throw new DomainError('invalid', 'Invalid request: header Idempotency-Key must be 8-255 visible ASCII characters', [
        { in: 'header', field: 'Idempotency-Key', detail: 'must be 8-255 visible ASCII characters' },
      ]);
    }
    try {
      return await (await load()).before?.(request);
    } catch (error) {
      // Refused here (in progress elsewhere, or another body): the record is the first request's, and
      // must not be cleaned up by this request's error handling.
      (request.internal as Record<string, unknown>)[REFUSED] = true;
      throw error;
    }
  },
  after: async (request) => {
    if (request.event.headers[IDEMPOTENCY_HEADER] !== undefined) await (await load()).after?.(request);
  },
  onError: async (request) => {
    if (request.event.headers[IDEMPOTENCY_HEADER] !== undefined && (request.internal as Record<string, unknown>)[REFUSED] !== true) await (await load()).onError?.(request);
  },
});

// Which errors say "retry": a timeout, throttled or unreachable storage answer 503 problem+json with
// Retry-After (nothing was wrong with the request); a failed condition is no such thing.
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_SECONDS, toProblem } from '../../functions/http/problem';
import { httpEvent } from '../support/events';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const answer = (error: unknown) => toProblem(error, httpEvent({ method: 'POST', path: '/badge-classes/aaaaaaaaaaaaaaaa/awards' }));

describe('toProblem', () => {
  it.each([
    ['middy’s early timeout', named('TimeoutError')],
    ['a throttled table', named('ProvisionedThroughputExceededException')],
    ['a transaction cancelled for throttling', named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] })],
    ['a transaction conflict', named('TransactionConflictException')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a 5xx from the service', Object.assign(new Error('Service Unavailable'), { name: 'Unknown', $metadata: { httpStatusCode: 503 } })],
    ['a storage failure Powertools wrapped', new Error('Failed to save in progress record', { cause: named('ThrottlingException') })],
  ])('answers %s with 503 and Retry-After', (_case, error) => {
    const reply = answer(error);
    expect(reply.statusCode).toBe(503);
    expect(reply.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': String(RETRY_AFTER_SECONDS) });
    expect(JSON.parse(reply.body!)).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringContaining('Retry') });
  });

  it('answers a transaction cancelled by a condition, or any other error, as our fault (500), without internals', () => {
    for (const error of [named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }), new TypeError('x is undefined')]) {
      const reply = answer(error);
      expect(reply.statusCode).toBe(500);
      expect(reply.headers).not.toHaveProperty('retry-after');
      expect(reply.body).not.toContain('x is undefined');
    }
  });

  it('asks a request that finds its Idempotency-Key in progress to retry shortly', () => {
    expect(answer(named('IdempotencyAlreadyInProgressError')).headers).toMatchObject({ 'retry-after': String(RETRY_AFTER_SECONDS) });
  });
});

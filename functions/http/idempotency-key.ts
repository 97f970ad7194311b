// The Idempotency-Key header's rule, apart from the middleware: the API document shows it too, and
// importing the middleware would pull Powertools into every module that only needs the rule.
import * as z from 'zod/mini';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const IdempotencyKeySchema = z.string().check(
  z.regex(/^[\x21-\x7e]{8,255}$/, 'must be 8-255 visible ASCII characters'),
  z.describe('Repeating a request with the same key (within 24 hours, per API key and route) answers the first response again, with no second effect'),
);

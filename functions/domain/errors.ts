// Errors that domain and data code raise. They say what went wrong in domain terms; the one HTTP
// error handler (functions/http/problem.ts) decides the status code.
import * as z from 'zod/mini';

/** One invalid field. A schema (not just a type) because problem+json bodies carry these. */
export const FieldProblemSchema = z
  .object({
    /** Where the field was: a path parameter, the query string, a header or the body. */
    in: z.enum(['path', 'query', 'header', 'body']),
    /** Dotted path to the field, e.g. `recipient.email` or `items[3].name`; empty for the whole part. */
    field: z.string(),
    detail: z.string(),
  })
  .check(z.meta({ id: 'FieldProblem', description: 'One invalid field: where it was (in), which (field, dotted; empty for the whole part) and what is wrong with it' }));
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'too-large'
  | 'unsupported-media-type';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);

export const invalid = (fields: FieldProblem[]) =>
  new DomainError(
    'invalid',
    `Invalid request: ${fields.map((f) => `${f.in}${f.field ? `.${f.field}` : ''} ${f.detail}`).join('; ')}`,
    fields,
  );

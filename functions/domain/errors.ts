// Errors that domain and data code raise. They say what went wrong in domain terms; the one HTTP
// error handler (functions/http/problem.ts) decides the status code.

export interface FieldProblem {
  /** Where the field was: a path parameter, the query string, a header or the body. */
  in: 'path' | 'query' | 'header' | 'body';
  /** Dotted path to the field, e.g. `recipient.email` or `items[3].name`; empty for the whole part. */
  field: string;
  detail: string;
}

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

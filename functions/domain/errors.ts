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
  | 'unsupported-media-type'
  | 'rate-limited';

/** What a conflict is with, when that is a resource the caller may read: the problem names it. */
export interface ExistingResource {
  id: string;
  url: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly existing?: ExistingResource,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A field's name from its path: `recipient.email`, `items[3].name`; empty for the whole value. */
export const fieldName = (path: readonly PropertyKey[]) =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found`);

export const invalid = (fields: FieldProblem[]) =>
  new DomainError(
    'invalid',
    `Invalid request: ${fields.map((f) => `${f.in}${f.field ? `.${f.field}` : ''} ${f.detail}`).join('; ')}`,
    fields,
  );

// Messages the JavaScript engine writes when code trips over a value it did not expect ("Cannot read
// properties of undefined (reading '0')"). Said by a library about input it was handed, they describe
// its insides, not the input, so they are never passed on to a caller.
const ENGINE_MESSAGE =
  /Cannot (?:read|set) propert|Cannot convert|Cannot create property|Cannot destructure|Maximum call stack|Invalid array length|Reduce of empty array| is not (?:a function|iterable|a constructor|defined)\b/;

/** An error's message to pass on to a caller, or `instead` when the engine wrote it. */
export const callerMessage = (error: unknown, instead: string): string => {
  const message = error instanceof Error ? error.message : String(error);
  return ENGINE_MESSAGE.test(message) ? instead : message;
};

// What the API key authorizer hands to the route functions, on `requestContext.authorizer.lambda`.
// API Gateway caches this per Authorization header and reuses it for every route, so it says who the
// key is (authentication) and never whether a route may be called (authorisation: the function's job,
// from the route table). A key that is not valid is still "authorized" at the gateway, with a verdict
// the function turns into a 401 problem+json: API Gateway's own denials are bare JSON that an HTTP API
// cannot reshape. Values are strings: what an authorizer context carries safely.
import * as z from 'zod/mini';
import { PrincipalSchema, type Principal } from '../domain/api-keys';

const SCOPE_SEPARATOR = ' ';

export const AuthorizerContextSchema = z.discriminatedUnion('verdict', [
  z.object({
    verdict: z.literal('valid'),
    role: PrincipalSchema.shape.role,
    providerId: z.optional(z.string()),
    /** Space-separated. */
    scopes: z.string(),
    keyPrefix: z.string(),
    /** ISO time the key expires at, if it does: the function checks it, because the cache outlives it. */
    validUntil: z.optional(z.string()),
    /**
     * The request the authorizer read the key record for (strongly consistent, revocation included).
     * A cached answer carries an earlier request's id, so only that very request skips the function's
     * own revocation read.
     */
    checkedForRequest: z.string(),
  }),
  z.object({ verdict: z.literal('invalid'), detail: z.string() }),
]);
export type AuthorizerContext = z.infer<typeof AuthorizerContextSchema>;

export function validKeyContext(principal: Principal, validUntil: string | undefined, requestId: string): AuthorizerContext {
  return {
    verdict: 'valid',
    checkedForRequest: requestId,
    role: principal.role,
    ...(principal.providerId !== undefined ? { providerId: principal.providerId } : {}),
    scopes: principal.scopes.join(SCOPE_SEPARATOR),
    keyPrefix: principal.keyPrefix,
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
}

export function principalFromContext(context: Extract<AuthorizerContext, { verdict: 'valid' }>): Principal {
  return PrincipalSchema.parse({
    role: context.role,
    ...(context.providerId !== undefined ? { providerId: context.providerId } : {}),
    scopes: context.scopes ? context.scopes.split(SCOPE_SEPARATOR) : [],
    keyPrefix: context.keyPrefix,
  });
}

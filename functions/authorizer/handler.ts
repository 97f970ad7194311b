// The API key authorizer (API Gateway HTTP API, REQUEST type, simple responses). API Gateway calls it
// for every authenticated route and caches its answer per Authorization header for
// `apiKeyAuthorizer.cacheSeconds`; the local server runs this same handler with the same cache.
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { authenticateKey } from '../auth/authenticate-key';
import { validKeyContext, type AuthorizerContext } from '../auth/authorizer-context';
import { DomainError } from '../domain/errors';
import { logger } from '../http/logger';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  try {
    const { principal, validUntil } = await authenticateKey(event.headers?.authorization);
    logger.info('api key authenticated', { keyPrefix: principal.keyPrefix, role: principal.role, route: event.routeKey });
    return { isAuthorized: true, context: validKeyContext(principal, validUntil, event.requestContext.requestId) };
  } catch (error) {
    // Any other failure (the table unreachable) is the gateway's 500: nothing is cached and the
    // caller may retry.
    if (!(error instanceof DomainError)) throw error;
    logger.info('api key refused', { reason: error.message, route: event.routeKey });
    return { isAuthorized: true, context: { verdict: 'invalid', detail: error.message } };
  }
}

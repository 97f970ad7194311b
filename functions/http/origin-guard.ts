// Only CloudFront may call the API: it adds the origin secret header to every request it forwards, so
// a request straight to the execute-api endpoint (which would skip the WAF) is refused. Locally there
// is no CloudFront and no secret, and the check is off.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors';
import { ORIGIN_SECRET_ENV, ORIGIN_SECRET_HEADER } from '../../definitions/origin';

export function originGuard(secret = process.env[ORIGIN_SECRET_ENV]): MiddlewareObj<APIGatewayProxyEventV2> {
  const expected = secret ? Buffer.from(secret) : undefined;
  return {
    before: (request) => {
      if (!expected) return;
      const given = Buffer.from(request.event.headers?.[ORIGIN_SECRET_HEADER] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DomainError('forbidden', 'Call the API at the city\'s public URL, not at its API Gateway endpoint');
      }
    },
  };
}

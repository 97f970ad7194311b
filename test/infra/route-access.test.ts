// Every route's `access` decides how it is deployed and why it has no API Gateway authorizer.
import { describe, expect, it } from 'vitest';
import { PUBLIC } from '../../definitions/routes';
import { noAuthorizerReason } from '../../lib/constructs/city-api';

describe('route access', () => {
  it('explains a public route from the route table', () => {
    expect(noAuthorizerReason('GET /skills', PUBLIC, "The city's skills spine")).toMatch(
      /^Public by design in the route table \(GET \/skills: The city's skills spine\): a read-only URL/,
    );
  });

  it('refuses to excuse an authenticated route: those are behind the authorizer', () => {
    expect(() => noAuthorizerReason('POST /issuers', { kind: 'authenticated', roles: ['city-admin'] }, 'Create a provider')).toThrow(/behind the API key authorizer/);
  });
});

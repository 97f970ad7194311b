import { describe, expect, it, vi } from 'vitest';
import { gatewayAuthorizer, resolveRoute, toHttpResponse } from '../../local/http-adapter';
import { httpEvent } from '../support/events';

describe('local API Gateway adapter', () => {
  it('routes with the route table and decodes path parameters', () => {
    expect(resolveRoute('GET', '/skills/digital%2Dmaking')).toEqual({
      routeKey: 'GET /skills/{skillId}',
      group: 'skills',
      authenticated: false,
      pathParameters: { skillId: 'digital-making' },
    });
    expect(resolveRoute('GET', '/skills')).toEqual({ routeKey: 'GET /skills', group: 'skills', authenticated: false });
  });

  it('sends everything else to $default, as API Gateway does', () => {
    expect(resolveRoute('DELETE', '/skills')).toEqual({ routeKey: '$default', group: 'system', authenticated: false });
    expect(resolveRoute('GET', '/skills/')).toEqual({ routeKey: '$default', group: 'system', authenticated: false });
    expect(resolveRoute('GET', '/skills/a/b')).toEqual({ routeKey: '$default', group: 'system', authenticated: false });
  });

  it('applies payload 2.0 response rules', () => {
    expect(toHttpResponse({ hello: 'world' } as never)).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(toHttpResponse({ hello: 'world' } as never).body.toString()).toBe('{"hello":"world"}');
    const binary = toHttpResponse({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0x89, 0x50]).toString('base64'), isBase64Encoded: true });
    expect([...binary.body]).toEqual([0x89, 0x50]);
    expect(binary.headers['content-type']).toBe('image/png');
    expect(toHttpResponse({ statusCode: 204, cookies: ['a=1', 'b=2'] }).headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });
});

describe("the local server's API key authorizer step", () => {
  const event = (authorization?: string) => httpEvent({ method: 'POST', path: '/issuers', headers: authorization ? { authorization } : {} });

  it('answers 401 itself without an Authorization header, as API Gateway does, and never calls the authorizer', async () => {
    const authorizer = vi.fn();
    expect(await gatewayAuthorizer(authorizer)(event())).toMatchObject({ status: 401 });
    expect(authorizer).not.toHaveBeenCalled();
  });

  it('caches the answer per header value for the cache period, then asks again', async () => {
    vi.useFakeTimers();
    try {
      const authorizer = vi.fn(async () => ({ isAuthorized: true, context: { verdict: 'valid' } }));
      const authorize = gatewayAuthorizer(authorizer, 60);
      const first = event('Bearer a');
      expect(await authorize(first)).toBeUndefined();
      expect(first.requestContext).toMatchObject({ authorizer: { lambda: { verdict: 'valid' } } });
      await authorize(event('Bearer a'));
      expect(authorizer).toHaveBeenCalledTimes(1);
      await authorize(event('Bearer b'));
      expect(authorizer).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(60_001);
      await authorize(event('Bearer a'));
      expect(authorizer).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers the gateway's 403 when the authorizer refuses", async () => {
    expect(await gatewayAuthorizer(async () => ({ isAuthorized: false, context: {} }))(event('Bearer a'))).toMatchObject({ status: 403 });
  });
});

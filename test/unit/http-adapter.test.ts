import { describe, expect, it } from 'vitest';
import { resolveRoute, toHttpResponse } from '../../local/http-adapter';

describe('local API Gateway adapter', () => {
  it('routes with the route table and decodes path parameters', () => {
    expect(resolveRoute('GET', '/skills/digital%2Dmaking')).toEqual({
      routeKey: 'GET /skills/{skillId}',
      group: 'skills',
      pathParameters: { skillId: 'digital-making' },
    });
    expect(resolveRoute('GET', '/skills')).toEqual({ routeKey: 'GET /skills', group: 'skills' });
  });

  it('sends everything else to $default, as API Gateway does', () => {
    expect(resolveRoute('DELETE', '/skills')).toEqual({ routeKey: '$default', group: 'system' });
    expect(resolveRoute('GET', '/skills/')).toEqual({ routeKey: '$default', group: 'system' });
    expect(resolveRoute('GET', '/skills/a/b')).toEqual({ routeKey: '$default', group: 'system' });
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

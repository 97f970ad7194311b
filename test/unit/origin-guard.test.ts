// The execute-api endpoint is not a way around CloudFront and its WAF: with the origin secret set (as
// the stack sets it on every API function), a request without CloudFront's header is refused as
// problem+json; without the secret (the local city) nothing is checked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ORIGIN_SECRET_ENV, ORIGIN_SECRET_HEADER } from '../../definitions/origin';
import { json } from '../../functions/http/reply';
import { httpRoute } from '../../functions/http/route';
import { context, httpEvent, parseBody } from '../support/events';

afterEach(() => vi.unstubAllEnvs());

const SECRET = 'x'.repeat(48);

function routeWith(secret: string | undefined) {
  if (secret) vi.stubEnv(ORIGIN_SECRET_ENV, secret);
  let calls = 0;
  const handler = httpRoute({}, async () => (calls++, json({ ok: true })));
  return { call: (headers: Record<string, string>) => handler(httpEvent({ path: '/health', headers }), context), calls: () => calls };
}

describe('the origin guard', () => {
  it.each([
    ['no header', {}],
    ['a wrong value', { [ORIGIN_SECRET_HEADER]: 'y'.repeat(48) }],
    ['a prefix of the value', { [ORIGIN_SECRET_HEADER]: SECRET.slice(0, 10) }],
  ])('refuses a request with %s, before the handler runs', async (_case, headers) => {
    const route = routeWith(SECRET);
    const reply = await route.call(headers);
    expect(reply.statusCode).toBe(403);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(parseBody(reply)).toMatchObject({ status: 403, detail: expect.stringMatching(/public URL/) });
    expect(route.calls()).toBe(0);
  });

  it("lets CloudFront's requests through", async () => {
    const route = routeWith(SECRET);
    expect((await route.call({ [ORIGIN_SECRET_HEADER]: SECRET })).statusCode).toBe(200);
    expect(route.calls()).toBe(1);
  });

  it('checks nothing where no secret is set (the local city)', async () => {
    const route = routeWith(undefined);
    expect((await route.call({})).statusCode).toBe(200);
  });
});

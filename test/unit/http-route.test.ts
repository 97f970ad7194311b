import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DomainError, notFound } from '../../functions/domain/errors';
import { jsonDepth, MAX_JSON_DEPTH } from '../../functions/domain/json-depth';
import { json } from '../../functions/http/reply';
import { httpRoute } from '../../functions/http/route';
import { context, httpEvent, parseBody } from '../support/events';

const echo = httpRoute(
  {
    params: z.object({ skillId: z.string().check(z.minLength(3, 'too short')) }),
    query: z.object({ limit: z.optional(z.string().check(z.regex(/^\d+$/, 'must be a number'))) }),
    body: z.object({ name: z.string(), tags: z.array(z.string()) }),
    maxBodyBytes: 100,
  },
  async ({ params, query, body }) => json({ params, query, body }, { status: 201 }),
);

const post = (body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  echo(httpEvent({ method: 'GET', path: '/skills/abc', headers, body }), context);

describe('the shared HTTP chain', () => {
  it('hands validated, typed input to the handler and stamps the request id', async () => {
    const reply = await echo(
      httpEvent({ path: '/skills/abcd', query: { limit: '5' }, headers: { 'Content-Type': 'application/json' }, body: '{"name":"x","tags":[],"extra":1}' }),
      context,
    );
    expect(reply.statusCode).toBe(201);
    expect(reply.headers['x-request-id']).toBe('req-unit-1');
    expect(parseBody(reply)).toEqual({ params: { skillId: 'abcd' }, query: { limit: '5' }, body: { name: 'x', tags: [] } });
  });

  it('answers 400 problem+json naming every invalid field, wherever it was', async () => {
    const reply = await echo(
      httpEvent({ path: '/skills/ab', query: { limit: 'ten' }, headers: { 'content-type': 'application/json' }, body: '{"name":1}' }),
      context,
    );
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers['x-request-id']).toBe('req-unit-1');
    const problem = parseBody(reply);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, instance: '/skills/ab', requestId: 'req-unit-1' });
    expect(problem.errors).toEqual([{ in: 'path', field: 'skillId', detail: 'too short' }]);
    expect(problem.detail).toContain('path.skillId too short');
  });

  it('reports body fields with their path', async () => {
    const problem = parseBody(await post('{"name":"x","tags":["ok", 7]}'));
    expect(problem.errors).toEqual([{ in: 'body', field: 'tags[1]', detail: expect.any(String) }]);
  });

  it.each([
    ['a missing body', undefined, { 'content-type': 'application/json' }, 400],
    ['malformed JSON', '{"name":', { 'content-type': 'application/json' }, 400],
    ['a body that is not JSON', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a body without content type', '{"name":"x","tags":[]}', {}, 415],
    ['an oversized body', JSON.stringify({ name: 'x'.repeat(200), tags: [] }), { 'content-type': 'application/json' }, 413],
  ])('rejects %s', async (_label, body, headers, status) => {
    const reply = await post(body, headers);
    expect(reply.statusCode).toBe(status);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(parseBody(reply).status).toBe(status);
  });

  it('accepts application/*+json bodies and base64-encoded ones', async () => {
    const body = Buffer.from('{"name":"x","tags":[]}').toString('base64');
    const event = { ...httpEvent({ path: '/skills/abc', headers: { 'content-type': 'application/ld+json' }, body }), isBase64Encoded: true };
    expect((await echo(event, context)).statusCode).toBe(201);
  });

  it('ignores bodies on routes that declare none', async () => {
    const noBody = httpRoute({}, async () => json({ ok: true }));
    const reply = await noBody(httpEvent({ path: '/health', body: 'not json at all', headers: { 'content-type': 'text/plain' } }), context);
    expect(reply.statusCode).toBe(200);
  });

  it('maps domain errors to their status', async () => {
    const missing = httpRoute({}, async () => {
      throw notFound('Skill "x"');
    });
    const conflict = httpRoute({}, async () => {
      throw new DomainError('conflict', 'already revoked');
    });
    expect(parseBody(await missing(httpEvent({ path: '/x' }), context))).toMatchObject({ status: 404, title: 'Not Found', detail: 'Skill "x" was not found' });
    expect(parseBody(await conflict(httpEvent({ path: '/x' }), context))).toMatchObject({ status: 409, detail: 'already revoked' });
  });

  it('answers unexpected errors with a 500 that leaks nothing', async () => {
    const broken = httpRoute({}, async () => {
      throw new Error('secret connection string at /var/task/index.js:1');
    });
    const reply = await broken(httpEvent({ path: '/x' }), context);
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toContain('secret');
    expect(reply.body).not.toContain('index.js');
    expect(parseBody(reply)).toMatchObject({ status: 500, title: 'Internal Server Error', requestId: 'req-unit-1' });
  });
});

describe('JSON nesting', () => {
  // Found by the fuzz tests: POST /verify with a credential 10,000 arrays deep overflowed the stack in
  // JSON.stringify (and JSON-LD expansion) and answered 500. Bodies are refused before they are parsed.
  const deep = (levels: number) => `{"name":"x","tags":[],"extra":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const roomy = httpRoute({ body: z.object({ name: z.string(), tags: z.array(z.string()) }), maxBodyBytes: 100_000 }, async ({ body }) => json(body));
  const send = (body: string) => roomy(httpEvent({ method: 'POST', path: '/verify', headers: { 'content-type': 'application/json' }, body }), context);

  it('is measured without parsing: brackets inside strings and escapes do not count', () => {
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[{{{\\"[[["}')).toBe(1);
    expect(jsonDepth('"just a string"')).toBe(0);
  });

  it(`refuses bodies nested more than ${MAX_JSON_DEPTH} levels as bad input, and takes those within`, async () => {
    const reply = await send(deep(10_000));
    expect(reply.statusCode).toBe(400);
    expect(parseBody(reply).errors).toEqual([{ in: 'body', field: '', detail: `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep` }]);
    expect((await send(deep(MAX_JSON_DEPTH - 1))).statusCode).toBe(200);
  });
});

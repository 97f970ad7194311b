await vi.hoisted(async () => (await import('../support/function-env')).runAs('system'));
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { READINESS_PROBE_KEY } from '../../definitions/table';
import { handler } from '../../functions/system/handler';
import { PROBE_TIMEOUT_MS } from '../../functions/system/service';
import { context, httpEvent, parseBody } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const health = (query?: Record<string, string>) => handler(httpEvent({ path: '/health', query }), context);

beforeEach(() => {
  ddb.reset();
  s3.reset();
  ddb.on(GetCommand).resolves({});
  s3.on(HeadBucketCommand).resolves({});
});

describe('GET /health', () => {
  it('is liveness only without deep=true: no read of the table or the bucket', async () => {
    ddb.on(GetCommand).rejects(new Error('DynamoDB is down'));
    const reply = await health();
    expect(reply.statusCode).toBe(200);
    expect(parseBody(reply)).toEqual({ status: 'ok', city: 'unit', time: expect.any(String) });
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
    expect(s3).not.toHaveReceivedCommand(HeadBucketCommand);
    expect((await health({ deep: 'false' })).statusCode).toBe(200);
  });

  it('with deep=true reads the one probe key and heads the bucket, and says both answered', async () => {
    const reply = await health({ deep: 'true' });
    expect(reply.statusCode).toBe(200);
    expect(parseBody(reply)).toMatchObject({ status: 'ok', checks: { table: 'ok', bucket: 'ok' } });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: 'unit-test-table', Key: { ...READINESS_PROBE_KEY } });
    expect(s3).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: 'unit-test-bucket' });
  });

  it.each([
    ['the table', () => ddb.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'ECONNREFUSED' })), 'Not ready: the table does not answer'],
    ['the bucket', () => s3.on(HeadBucketCommand).rejects(Object.assign(new Error('NoSuchBucket: city-x-badges'), { name: 'NotFound' })), 'Not ready: the bucket does not answer'],
    [
      'both',
      () => {
        ddb.on(GetCommand).rejects(new Error('AccessDeniedException: arn:aws:dynamodb:eu-west-2:123456789012:table/x'));
        s3.on(HeadBucketCommand).rejects(new Error('Forbidden'));
      },
      'Not ready: neither the table nor the bucket answers',
    ],
  ])('with deep=true answers 503 problem+json when the probe of %s fails, naming what failed and nothing internal', async (_what, fail, detail) => {
    fail();
    const reply = await health({ deep: 'true' });
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers['retry-after']).toBe('5');
    expect(parseBody(reply)).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail, instance: '/health', requestId: expect.any(String) });
    expect(reply.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|arn:aws|NoSuchBucket|Forbidden|Access/);
  });

  it('with deep=true gives a stalled dependency at most its probe timeout', async () => {
    ddb.on(GetCommand).callsFake((_input, getClient) => new Promise(() => getClient)); // never answers
    const started = Date.now();
    const reply = await health({ deep: 'true' });
    expect(reply.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1500);
  }, 10_000);

  it('refuses another value of deep with 400 naming the parameter', async () => {
    const reply = await health({ deep: 'yes' });
    expect(reply.statusCode).toBe(400);
    expect(parseBody(reply)).toMatchObject({ errors: [{ in: 'query', field: 'deep' }] });
  });
});

describe('system routes', () => {
  it('GET /city answers the city, its branding and links under the public base URL', async () => {
    const body = parseBody(await handler(httpEvent({ path: '/city' }), context));
    expect(body).toMatchObject({ id: 'unit', name: 'Unit City', links: { skills: 'https://unit.example/skills' } });
  });

  it('answers 405 with Allow for a known path and 404 for an unknown one', async () => {
    const wrongMethod = await handler(httpEvent({ method: 'PUT', path: '/skills/coding' }), context);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(parseBody(wrongMethod)).toMatchObject({ status: 405, allow: ['GET'] });
    const unknown = await handler(httpEvent({ path: '/../../etc/passwd' }), context);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
  });
});

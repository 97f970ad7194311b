import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routeGroups, type RouteGroupName } from '../../definitions/routes';
import {
  answerClientError,
  createRequestListener,
  DEFAULT_TIMEOUT_SECONDS,
  gatewayAuthorizer,
  groupTimeoutSeconds,
  MAX_REQUEST_BYTES,
  requestUrl,
  RequestTargetError,
  resolveRoute,
  toHttpResponse,
  type GroupHandler,
} from '../../local/http-adapter';
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

describe('local API Gateway adapter under hostile requests', () => {
  // A real server on a free port, with a handler that answers what it was given.
  let server: Server;
  let port: number;
  const echo: GroupHandler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  beforeAll(async () => {
    const handlers = Object.fromEntries(Object.keys(routeGroups).map((group) => [group, echo])) as Record<RouteGroupName, GroupHandler>;
    server = createServer(createRequestListener({ domainName: 'localhost', handlers, authorize: async () => undefined }));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const raw = (bytes: string, hangUpAfterMs?: number) =>
    new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(bytes);
        if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
  const alive = async () => (await fetch(`http://127.0.0.1:${port}/health`)).status;

  it('answers a request target that is no URL with 400 problem+json, instead of crashing the process', async () => {
    // Found by the fuzz tests (`//?valueOf=…`) and by hand (`http://[/`): `new URL(target, base)` threw
    // outside any try, the listener's promise rejected, and Node ended the local city on the unhandled rejection.
    for (const target of ['http://[/', '*']) {
      const answer = await raw(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, title: 'Bad Request' });
    }
    expect(await alive()).toBe(200);
  });

  it('keeps `//` paths as paths (never a host), and takes absolute-form targets by their path', async () => {
    expect(requestUrl('//?a=1', 'localhost:3000')).toMatchObject({ host: 'localhost:3000', pathname: '//', search: '?a=1' });
    expect(requestUrl('//evil.example/health', 'localhost:3000')).toMatchObject({ host: 'localhost:3000', pathname: '//evil.example/health' });
    expect(requestUrl('http://elsewhere.example/skills?x=1', 'localhost:3000')).toMatchObject({ host: 'localhost:3000', pathname: '/skills', search: '?x=1' });
    expect(() => requestUrl('*', 'localhost:3000')).toThrow(RequestTargetError);
  });

  it('survives a client that hangs up halfway through its body', async () => {
    // Found by hand while fuzzing: the body stream's error rejected the listener and stopped the city.
    await raw('POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"url":', 50);
    expect(await alive()).toBe(200);
  });

  it('passes query parameters and headers named like Object.prototype members as plain names', async () => {
    // Found reading the adapter while fuzzing: `name in query` saw Object.prototype, so `?constructor=x` reached the
    // Lambda as "function Object() { [native code] },x".
    const answer = await raw(
      'GET /skills?constructor=x&toString=y&__proto__=z&a=1&a=2 HTTP/1.1\r\nHost: x\r\nconstructor: c\r\n__proto__: p\r\nAuthorization: Bearer one\r\nAuthorization: Bearer two\r\nConnection: close\r\n\r\n',
    );
    const event = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { queryStringParameters: object; headers: Record<string, string> };
    expect(Object.entries(event.queryStringParameters)).toEqual([['constructor', 'x'], ['toString', 'y'], ['__proto__', 'z'], ['a', '1,2']]);
    expect(Object.entries(event.headers)).toEqual(expect.arrayContaining([['constructor', 'c'], ['__proto__', 'p']]));
    // Repeated headers reach the Lambda comma-joined, as API Gateway sends them (Node keeps only the first Authorization).
    expect(event.headers.authorization).toBe('Bearer one,Bearer two');
  });

  it('answers HEAD requests it cannot parse without a body', async () => {
    // Found by the fuzz tests: a HEAD with headers over Node's limit got a 431 with a body, which a
    // client reads as garbage after the response.
    const answer = await raw(`HEAD /health?q=${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.endsWith('\r\n\r\n')).toBe(true);
    const get = await raw(`GET /health?q=${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(JSON.parse(get.slice(get.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431 });
  });
});

describe("the local adapter enforces each group's Lambda timeout, as Lambda and API Gateway do", () => {
  let server: Server;
  let port: number;
  const seen: { remaining: number[]; late: string[] } = { remaining: [], late: [] };
  // skills: answers at once; badges: answers after 1.5 s, past its (test) timeout of 1 s.
  const handlers = Object.fromEntries(
    Object.keys(routeGroups).map((group) => [
      group,
      (async (event, context) => {
        seen.remaining.push(context.getRemainingTimeInMillis());
        if (group === 'badges') {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          seen.late.push(event.rawPath);
        }
        return { statusCode: 200, body: 'late or not' };
      }) satisfies GroupHandler,
    ]),
  ) as Record<RouteGroupName, GroupHandler>;
  beforeAll(async () => {
    server = createServer(
      createRequestListener({ domainName: 'localhost', handlers, authorize: async () => undefined, timeoutSeconds: (group) => (group === 'badges' ? 1 : groupTimeoutSeconds(group)) }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("takes each group's timeout from the route table (10 s unless it says otherwise)", () => {
    expect(groupTimeoutSeconds('skills')).toBe(DEFAULT_TIMEOUT_SECONDS);
    expect(groupTimeoutSeconds('awards')).toBe(routeGroups.awards.timeoutSeconds);
  });

  it("gives the handler a context whose remaining time counts down from the group's timeout", async () => {
    seen.remaining.length = 0;
    expect((await fetch(`http://127.0.0.1:${port}/skills`)).status).toBe(200);
    expect(seen.remaining[0]).toBeGreaterThan(DEFAULT_TIMEOUT_SECONDS * 1000 - 2_000);
    expect(seen.remaining[0]).toBeLessThanOrEqual(DEFAULT_TIMEOUT_SECONDS * 1000);
  });

  it("drops the handler's answer after the deadline and answers what API Gateway sends: 503 Service Unavailable", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/badges/abc`);
    // Answered at the deadline, before the handler (1.5 s) had finished.
    expect(seen.late).toEqual([]);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    // The handler ran on (it cannot be stopped in-process); what it said went nowhere.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(seen.late).toEqual(['/badges/abc']);
  });
});

describe('a body over the gateway limit', () => {
  let server: Server;
  let port: number;
  let called = 0;
  const counting: GroupHandler = async () => (called++, { statusCode: 200, body: 'ok' });
  const handlers = Object.fromEntries(Object.keys(routeGroups).map((group) => [group, counting])) as Record<RouteGroupName, GroupHandler>;
  beforeAll(async () => {
    server = createServer(createRequestListener({ domainName: 'localhost', handlers, authorize: async () => undefined }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /**
   * Sends `total` bytes in 256 KB pieces, a little at a time, and tells how much had been sent when the
   * answer came. Once `holdAt` bytes are out it sends no more until the answer comes, so "answered while
   * the client is still sending" does not hang on how the two event loops interleave under load: an
   * answer that waits for the whole body never comes, and the test times out.
   */
  const slowUpload = (total: number, headers: Record<string, string>, holdAt: number) =>
    new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      let held = false;
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `/badge-classes/aaaaaaaaaaaaaaaa/imports`, headers: { 'content-type': 'text/csv', ...headers } }, (res) => {
        const sentWhenAnswered = sent;
        answered = true;
        if (held) {
          held = false;
          pump();
        }
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => (resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered }), req.destroy()));
      });
      req.on('error', reject);
      const piece = Buffer.alloc(256 * 1024, 'a');
      function pump() {
        if (sent >= total) return void req.end();
        if (sent >= holdAt && !answered) return void (held = true); // the answer's arrival pumps again
        sent += piece.length;
        if (req.write(piece)) setTimeout(pump, 2);
        else req.once('drain', pump);
      }
      pump();
    });

  it('is answered 413 while the client is still sending, and the client reads the answer', async () => {
    // Found by hand: the adapter stopped reading and destroyed the socket, so a client still sending got
    // a reset connection (EPIPE/ECONNRESET) instead of the answer.
    const answer = await slowUpload(16 * 1024 * 1024, {}, MAX_REQUEST_BYTES + 256 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Request Entity Too Large' });
    expect(answer.sentWhenAnswered).toBeLessThan(16 * 1024 * 1024);
    expect(called).toBe(0);
  });

  it('is answered at once when its Content-Length says so', async () => {
    const answer = await slowUpload(12 * 1024 * 1024, { 'content-length': String(12 * 1024 * 1024) }, 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(12 * 1024 * 1024);
    expect(called).toBe(0);
    // The server is still there for the next request.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});

describe('a text body that is not UTF-8', () => {
  it('reaches the handler base64-encoded, as the bytes that were sent (never decoded lossily)', async () => {
    const { buildEvent } = await import('../../local/http-adapter');
    const latin1 = Buffer.from('email\nCaf\xe9@x.org\n', 'latin1');
    const req = { url: '/badge-classes/aaaaaaaaaaaaaaaa/imports', method: 'POST', rawHeaders: ['Content-Type', 'text/csv'], headers: {}, httpVersion: '1.1', socket: {} } as never;
    const { event } = buildEvent(req, latin1, 'localhost');
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(latin1)).toBe(true);
    const utf8 = buildEvent(req, Buffer.from('email\nCafé@x.org\n'), 'localhost').event;
    expect([utf8.isBase64Encoded, utf8.body]).toEqual([false, 'email\nCafé@x.org\n']);
  });
});

// Hostile input against a real local city over real HTTP, property-tested over every route of the route
// table (fast-check; fewer runs than the unit tier's in-process fuzzing). Every answer: below 500, 4xx
// as RFC 9457 problem+json, nothing internal in it; and a request answered 4xx writes nothing, checked
// against a full Scan of the city's DynamoDB Local table and a listing of its bucket after every request.
// That check needs a city no other test writes to, so this file starts its own (as `npm start` does).
// Reproduce a failure: FUZZ_SEED=<seed> npx vitest run test/integration/hostile-input.test.ts
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type Route } from '../../definitions/routes';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';
import { hostileRequest, strayRequest, type FuzzFixtures, type HostileRequest } from '../support/hostile';
import { canonicalJson, fuzzFixtures, fuzzSettings, routeCallerPairs, snapshotDiff } from '../support/fuzz-fixtures';
import { responseProblems, send } from '../support/fuzz-http';
import { opportunityBody } from '../support/opportunity-body';

const { seed: SEED, runs: RUNS } = fuzzSettings(6);
const dataDir = tempDataDir();
let city: CityProcess;
let fixtures: FuzzFixtures;
let snapshot: () => Promise<string>;
let last: string;
let destroyClients: () => void;

beforeAll(async () => {
  city = await runCityProcess({ dataDir });
  const printed = (pattern: RegExp) => {
    const found = pattern.exec(city.output())?.[1];
    if (!found) throw new Error(`npm start did not print ${pattern}:\n${city.output()}`);
    return found;
  };
  const adminKey = printed(/^\s+City admin\s+(col_\S+)$/m);
  const providerKey = printed(/^\s+Provider central-library\s+(col_\S+)$/m);
  const awardId = printed(/\/badges\/([a-z2-7]{26})$/m);
  const badgeClassId = printed(/\/badge-classes\/([a-z2-7]{16})$/m);
  const get = async (path: string) => {
    const response = await fetch(`${city.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response;
  };
  const victim = (await (
    await fetch(`${city.url}/issuers/central-library/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Revoked by the fuzzer', scopes: ['badges:issue'] }),
    })
  ).json()) as { prefix: string };
  const opportunity = (await (
    await fetch(`${city.url}/opportunities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(opportunityBody()),
    })
  ).json()) as { id: string };
  fixtures = fuzzFixtures({
    baseUrl: city.url,
    adminKey,
    providerKey,
    providerId: 'central-library',
    victimPrefix: victim.prefix,
    badgeClassId,
    awardId,
    opportunityId: opportunity.id,
    // The demo city's own pathway (City Explorer): the seed publishes it.
    pathwayId: ((await (await get('/pathways?limit=100')).json()) as { items: { id: string; providerId?: string }[] }).items.find((p) => p.providerId === 'central-library')!.id,
    credential: await (await get(`/badges/${awardId}/credential`)).json(),
    assertion: await (await get(`/badges/${awardId}`)).json(),
    awardImage: Buffer.from(await (await get(`/badges/${awardId}/image`)).arrayBuffer()),
  });

  // The city's own table and bucket, read directly (a Scan is fine in a test).
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const dynamo = new DynamoDBClient({ endpoint: `http://localhost:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials });
  const db = DynamoDBDocumentClient.from(dynamo);
  const s3 = new S3Client({ endpoint: `http://localhost:${city.ports.s3Port}`, region: 'us-east-1', credentials, forcePathStyle: true });
  destroyClients = () => (dynamo.destroy(), s3.destroy());
  snapshot = async () => {
    const lines: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: 'city-demo', ConsistentRead: true, ExclusiveStartKey }));
      for (const item of page.Items ?? []) {
        // Any authenticated request may note when its key was last used; that is not data.
        const { lastUsedAt: _ignored, ...rest } = item;
        lines.push(canonicalJson(rest));
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'city-demo-badges', ContinuationToken }));
      for (const object of page.Contents ?? []) lines.push(`${object.Key} ${object.ETag} ${object.Size}`);
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return lines.sort().join('\n');
  };
  await city.streamDrained();
  last = await snapshot();
}, 180_000);

afterAll(async () => {
  destroyClients?.();
  const code = await city?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`The fuzzed city did not stop cleanly (exit ${code}):\n${city.output()}`);
});

/** Sends one request; lists what is wrong with the answer and whether a refused request wrote anything. */
async function problemsWith(request: HostileRequest): Promise<string[]> {
  const response = await send(city.url, request);
  const problems = responseProblems(response, request);
  // A request that wrote may set the stream's consumers going (an award's email, a milestone): the next
  // request is compared with what is there once they are done, or their writes would count as its own.
  if (response.status < 400 && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) await city.streamDrained();
  const now = await snapshot();
  if (response.status >= 400 && now !== last) problems.push(`answered ${response.status} but wrote:\n${snapshotDiff(last, now)}`);
  last = now;
  return problems;
}

describe(`hostile input over every route, on a real local city (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('(the write check sees a write)', async () => {
    const response = await fetch(`${city.url}/issuers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixtures.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'write-check', name: 'Write check', url: 'https://write-check.example.org', email: 'hi@write-check.example.org' }),
    });
    expect(response.status).toBe(201);
    await city.streamDrained();
    const now = await snapshot();
    expect(snapshotDiff(last, now)).toMatch(/^\+ .*"pk":"PROVIDER#write-check"/m);
    last = now;
  });

  it.each(routeCallerPairs().map((pair, index) => [pair.name, pair, index] as const))('%s', async (_name, { route, caller }, index) => {
    await fc.assert(
      fc.asyncProperty(hostileRequest(route, caller, fixtures), async (request) => {
        expect(await problemsWith(request)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED + index },
    );
  });

  it('unknown paths, other methods and odd methods', async () => {
    await fc.assert(
      fc.asyncProperty(strayRequest(fixtures, routes as readonly Route[]), async (request) => {
        expect(await problemsWith(request)).toEqual([]);
      }),
      { numRuns: RUNS * 10, seed: SEED - 1 },
    );
  }, 60_000);
});

/** Writes raw bytes on a fresh connection; resolves with whatever came back before it closed. */
function rawExchange(bytes: string | Buffer, hangUpAfterMs?: number): Promise<string> {
  const url = new URL(city.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(bytes);
      if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(received) : reject(error)));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe('requests the HTTP layer itself must survive', () => {
  it.each([
    ['an absolute-form target that is no URL', 'GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['a target that is only slashes and a query', 'GET //?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['both Content-Length and Transfer-Encoding', 'POST /verify HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ])('%s: a 4xx problem+json, and the city lives on', async (_label, raw) => {
    const answer = await rawExchange(raw);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect((await fetch(`${city.url}/health`)).status).toBe(200);
  });

  it('a client that hangs up halfway through its body does not stop the city', async () => {
    await rawExchange('POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"url":', 200);
    expect((await fetch(`${city.url}/health`)).status).toBe(200);
  });

  it('a body over 10 MB gets API Gateway’s own 413 (which HTTP APIs cannot restyle as problem+json)', async () => {
    const response = await fetch(`${city.url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect((await fetch(`${city.url}/health`)).status).toBe(200);
  });
});

// The local city's stand-in for IAM: a function reaches the table and the bucket only with the actions
// its grants give it (as the stack's grants), and is refused the rest the way AWS refuses it.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupGrants, otherFunctionGrants } from '../../definitions/function-grants';
import { bucketAllows, dynamoActionsOf, startTableGuard, tableActions, type RunningGuard } from '../../local/access-guard';

let upstream: Server;
let guard: RunningGuard;
beforeAll(async () => {
  // Stands in for DynamoDB Local: every request it sees succeeds, answered as its Jetty answers (no
  // Connection or Keep-Alive header, so the guard's own keep-alive is what its clients see).
  upstream = createServer((_req, res) => {
    res.removeHeader('connection');
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': '2' }).end('{}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  guard = await startTableGuard(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, tableActions(groupGrants('skills')), 'skills');
});
afterAll(async () => {
  await guard.stop();
  upstream.close();
});

describe('the table guard', () => {
  it('lets a read-only function read, and refuses its writes as IAM does', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: guard.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
    await expect(db.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }))).resolves.toBeDefined();
    await expect(db.send(new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b' } }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('not authorized to perform: dynamodb:PutItem'),
    });
    await expect(db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('keeps a client\'s connection open between requests, as DynamoDB does', async () => {
    const agent = new Agent({ keepAlive: true });
    const socketOf = () =>
      new Promise<unknown>((resolve, reject) => {
        const headers = { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0', 'content-length': '2' };
        request(guard.endpoint, { agent, method: 'POST', headers }, (res) => {
          const socket = res.socket;
          res.resume();
          // Once the agent has taken the socket back (or dropped it).
          res.on('end', () => setImmediate(() => resolve(socket)));
        })
          .on('error', reject)
          .end('{}');
      });
    const first = await socketOf();
    expect(first).toBeDefined();
    expect(await socketOf()).toBe(first);
    agent.destroy();
  });

  it('needs, for a transaction, the actions of its parts', () => {
    const body = JSON.stringify({ TransactItems: [{ Put: {} }, { Update: {} }, { ConditionCheck: {} }] });
    expect(dynamoActionsOf('DynamoDB_20120810.TransactWriteItems', body)).toEqual(['PutItem', 'UpdateItem', 'ConditionCheckItem']);
    expect(dynamoActionsOf('DynamoDB_20120810.Query', '{}')).toEqual(['Query']);
  });

  it('allows the actions the stack grants', () => {
    // The system group's readiness probe: one GetItem (of one key, in AWS), nothing else.
    expect([...tableActions(groupGrants('system'))]).toEqual(['GetItem']);
    expect([...tableActions(groupGrants('openapi'))]).toEqual([]);
    expect(tableActions(groupGrants('skills')).has('PutItem')).toBe(false);
    expect(tableActions(groupGrants('awards')).has('PutItem')).toBe(true);
    const authorizer = tableActions(otherFunctionGrants.authorizer, ['UpdateItem']);
    expect(['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'].map((a) => authorizer.has(a))).toEqual([true, true, false, false]);
  });
});

describe('the bucket guard', () => {
  it.each([
    ['badges reads images', groupGrants('badges'), 'GET', 'badges/x.png', false, true],
    // Its share images' PNG renditions, made once: the one prefix it may write.
    ['badges writes renditions', groupGrants('badges'), 'PUT', 'renditions/badge-classes/x/v1.svg.png', false, true],
    ['badges deletes a rendition', groupGrants('badges'), 'DELETE', 'renditions/badge-classes/x/v1.svg.png', false, true],
    ['badges writes no baked image', groupGrants('badges'), 'PUT', 'badges/x.png', false, false],
    ['badges writes no class image', groupGrants('badges'), 'PUT', 'badge-classes/x/v1.svg', false, false],
    ['badges deletes no baked image', groupGrants('badges'), 'DELETE', 'badges/x.png', false, false],
    ['badges writes nothing that only looks like renditions/', groupGrants('badges'), 'PUT', 'renditionsx/y.png', false, false],
    ['badges deletes no rendition version', groupGrants('badges'), 'DELETE', 'renditions/badge-classes/x/v1.svg.png', true, false],
    ['a prefix grant writes nothing without the bucket', { bucketWritePrefixes: ['renditions/'] }, 'PUT', 'renditions/x.png', false, false],
    ['skills writes nothing', groupGrants('skills'), 'PUT', 'badges/x.png', false, false],
    ['imports stores uploads', groupGrants('imports'), 'PUT', 'imports/uploads/j.csv', false, true],
    ['imports reads reports', groupGrants('imports'), 'GET', 'imports/reports/j.csv', false, true],
    ['imports reads no upload', groupGrants('imports'), 'GET', 'imports/uploads/j.csv', false, false],
    ['imports reads no image', groupGrants('imports'), 'GET', 'badges/x.png', false, false],
    ['awards deletes no version', groupGrants('awards'), 'DELETE', 'imports/uploads/j.csv', true, false],
    ['skills touches no object', groupGrants('skills'), 'GET', 'badges/x.png', false, false],
  ] as const)('%s', (_label, grants, method, key, versioned, allowed) => {
    expect(bucketAllows(grants, { method, key, versioned })).toBe(allowed);
  });

  it('lets the import worker delete an upload version, and nothing else by version', () => {
    const worker = (key: string) => bucketAllows(otherFunctionGrants.importWorker, { method: 'DELETE', key, versioned: true }, { deletesUploadVersions: true });
    expect([worker('imports/uploads/j.csv'), worker('badges/x.png')]).toEqual([true, false]);
  });
});

// What IAM does in AWS, for the local city: each function reaches DynamoDB Local and s3rver through a
// guard of its own that lets through only the actions its grants allow (the same actions the stack's
// bind helpers grant) and refuses the rest as AWS does (AccessDeniedException, 403 AccessDenied). So a
// group granted only reading the table cannot write it here either, one that takes imports touches
// only the bucket's two import prefixes, and one granted writes under some prefixes writes only there.
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IMPORT_REPORTS_PREFIX, IMPORT_UPLOADS_PREFIX } from '../definitions/bucket';
import type { Grants } from '../definitions/function-grants';

// As aws-cdk-lib's grantReadData and grantReadWriteData give them (lib/constructs/city-data.ts).
const TABLE_READ = ['BatchGetItem', 'Query', 'GetItem', 'Scan', 'ConditionCheckItem', 'DescribeTable'];
const TABLE_WRITE = ['BatchWriteItem', 'PutItem', 'UpdateItem', 'DeleteItem'];

/** The DynamoDB actions `grants` allow (`extra`: single actions a function is granted on top, as the authorizer's UpdateItem). */
export function tableActions(grants: Grants, extra: readonly string[] = []): Set<string> {
  // The readiness probe's GetItem is limited to one key in AWS (LeadingKeys); here to GetItem.
  if (!grants.table) return new Set(grants.readiness ? ['GetItem', ...extra] : extra);
  return new Set([...TABLE_READ, ...(grants.table === 'read-write' ? TABLE_WRITE : []), ...extra]);
}

/** The IAM actions a DynamoDB request needs: a transaction needs those of each of its parts. */
export function dynamoActionsOf(target: string | undefined, body: string): string[] {
  const operation = target?.split('.')[1] ?? '';
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const parts = (JSON.parse(body) as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
    const needs: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
    return [...new Set(parts.flatMap((part) => Object.keys(part).map((kind) => needs[kind] ?? kind)))];
  }
  return [operation];
}

export interface ObjectRequest {
  method: string;
  /** The object key, without the bucket. */
  key: string;
  /** A request for one version of an object (deleting it: s3:DeleteObjectVersion). */
  versioned: boolean;
}

/** Whether `grants` allow an object request, as the stack's bindBucket / bindSubmitter grants do. */
export function bucketAllows(grants: Grants, { method, key, versioned }: ObjectRequest, options: { deletesUploadVersions?: boolean } = {}): boolean {
  const read = method === 'GET' || method === 'HEAD';
  // HeadBucket: the readiness probe (s3:ListBucket on the bucket, no object).
  if (grants.readiness && method === 'HEAD' && key === '') return true;
  const write = method === 'PUT' || (method === 'DELETE' && !versioned);
  if (grants.bucket === 'read-write' && (read || write)) return true;
  if (grants.bucket === 'read' && read) return true;
  if (grants.bucket && write && grants.bucketWritePrefixes?.some((prefix) => key.startsWith(prefix))) return true;
  if (grants.submitsImports && ((method === 'PUT' && key.startsWith(IMPORT_UPLOADS_PREFIX)) || (read && key.startsWith(IMPORT_REPORTS_PREFIX)))) return true;
  return options.deletesUploadVersions === true && method === 'DELETE' && key.startsWith(IMPORT_UPLOADS_PREFIX);
}

export interface RunningGuard {
  endpoint: string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** A guard in front of `upstream`: `refusal` says why a request may not pass, or undefined to pass it. */
async function startGuard(
  upstream: string,
  refusal: (req: IncomingMessage, body: Buffer) => { status: number; headers: Record<string, string>; body: string } | undefined,
): Promise<RunningGuard> {
  const target = new URL(upstream);
  // Connections to the service are kept open, as the SDK keeps its own: a guard costs a hop, not a handshake.
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const refused = refusal(req, body);
      if (refused) {
        res.writeHead(refused.status, refused.headers).end(refused.body);
        return;
      }
      // Headers go through unchanged (the host too: s3rver checks the signature, which covers it).
      const forwarded = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.writeHead(502).end());
      forwarded.end(body);
    }, () => res.writeHead(400).end());
  });
  // Long enough for a client to keep its connection between requests: Node's client drops a socket at
  // the server's Keep-Alive timeout less one second, so with 1 s every request opened a new connection.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** DynamoDB Local, as a function with these actions reaches it. */
export const startTableGuard = (upstream: string, allowed: Set<string>, functionName: string) =>
  startGuard(upstream, (req, body) => {
    const denied = dynamoActionsOf(req.headers['x-amz-target'] as string | undefined, body.toString('utf8')).filter((action) => !allowed.has(action));
    if (!denied.length) return undefined;
    return {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({
        __type: 'com.amazon.coral.service#AccessDeniedException',
        Message: `User: local-${functionName} is not authorized to perform: ${denied.map((a) => `dynamodb:${a}`).join(', ')} because no identity-based policy allows it`,
      }),
    };
  });

/** s3rver (path style: /<bucket>/<key>), as a function with these grants reaches it. */
export const startBucketGuard = (upstream: string, allows: (request: ObjectRequest) => boolean) =>
  startGuard(upstream, (req) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
    if (allows({ method: req.method ?? 'GET', key, versioned: url.searchParams.has('versionId') })) return undefined;
    return {
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    };
  });

// The one in-memory AWS of the unit tests: the city table, the bucket and the import queue behind
// aws-sdk-client-mock, so that real data modules, services and handlers run against it. It behaves as
// DynamoDB does where the code relies on it (and test/unit/fake-aws.test.ts checks each point): keys,
// the GSIs (sparse), condition, filter, key condition and update expressions as the data modules and
// Powertools idempotency write them; Query's Limit (counted before the filter), ExclusiveStartKey and
// LastEvaluatedKey, ScanIndexForward and byte order (UTF-8 binary, not locale order); conditional
// failures, with CancellationReasons in TransactWriteItems; the 400 KB item size limit. The bucket is
// versioned, as the city's is. Faults are injected per operation: fail or stall the nth call (or every
// call) that matches. `mark()` and `changedSince()` tell whether a request changed anything. Every
// write that changes an item is also a record of the table's stream (`streamRecords`), shaped as Lambda
// hands DynamoDB Streams records to a consumer (new and old images), and none for a write that changes
// nothing, as DynamoDB Streams writes none. The learners' user pool holds users by username (`signInUsers`):
// AdminDeleteUser deletes one, or answers UserNotFoundException as Cognito does for one that is gone.
import { createHash, randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { AdminDeleteUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { tableDefinition } from '../../definitions/table';
import { canonicalJson } from './fuzz-fixtures';

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

const named = (name: string, message: string) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
const validation = (message: string) => named('ValidationException', message);

// --- Order and size, as DynamoDB has them ---------------------------------------------------------

/** DynamoDB's order: numbers by value, strings and binary by their bytes (UTF-8), never by locale. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const bytes = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(String(value), 'utf8'));
  return Buffer.compare(bytes(a), bytes(b));
}

export const MAX_ITEM_BYTES = 400 * 1024;

/** An item's size as DynamoDB counts it: names and values, UTF-8 bytes for strings. */
export function itemSize(item: Item): number {
  const size = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]|e.*$/g, '').replace(/^0+/, '').length / 2) + 1;
    if (typeof value === 'boolean' || value === null) return 1;
    if (value instanceof Uint8Array) return value.length;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + size(v) + 1, 0);
    if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + size(v), 0);
    if (typeof value === 'object') return 3 + Object.entries(value as Item).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + size(v) + 1, 0);
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + size(value), 0);
}

function checkSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
}

// --- Expressions -------------------------------------------------------------------------------

const tokenize = (expression: string) => [...expression.matchAll(/\s*(<>|<=|>=|=|<|>|\(|\)|,|[#:]?[A-Za-z_][\w.]*)/g)].map((m) => m[1]!);

function attribute(item: Item | undefined, token: string, names: Names): unknown {
  const name = token.startsWith('#') ? names?.[token] : token;
  if (name === undefined) throw new Error(`Expression names ${token}, which ExpressionAttributeNames lacks`);
  return item?.[name];
}

function operand(token: string, item: Item | undefined, names: Names, values: Values): unknown {
  if (token.startsWith(':')) {
    if (!values || !(token in values)) throw new Error(`Expression names ${token}, which ExpressionAttributeValues lacks`);
    return values[token];
  }
  return attribute(item, token, names);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const compare = (a: unknown, op: string, b: unknown): boolean => {
  if (op === '=') return a !== undefined && same(a, b);
  if (op === '<>') return a === undefined || b === undefined ? a !== b : !same(a, b);
  // An ordering between values of different types (or a missing one) is false, as in DynamoDB.
  if (a === undefined || b === undefined || typeof a !== typeof b) return false;
  const order = compareValues(a, b);
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
  throw new Error(`Unknown comparator ${op}`);
};

/** Evaluates a condition, filter or key condition expression against an item (absent: undefined). */
export function evaluate(expression: string, item: Item | undefined, names: Names, values: Values): boolean {
  const tokens = tokenize(expression);
  let at = 0;
  const next = () => tokens[at++];
  const expect = (token: string) => {
    if (next() !== token) throw new Error(`Expected ${token} in ${expression}`);
  };
  const or = (): boolean => {
    let result = and();
    while (tokens[at] === 'OR') {
      at++;
      result = and() || result;
    }
    return result;
  };
  const and = (): boolean => {
    let result = not();
    while (tokens[at] === 'AND') {
      at++;
      result = not() && result;
    }
    return result;
  };
  const not = (): boolean => {
    if (tokens[at] === 'NOT') {
      at++;
      return !not();
    }
    return primary();
  };
  const primary = (): boolean => {
    const token = next()!;
    if (token === '(') {
      const result = or();
      expect(')');
      return result;
    }
    if (token === 'attribute_exists' || token === 'attribute_not_exists') {
      expect('(');
      const exists = attribute(item, next()!, names) !== undefined;
      expect(')');
      return token === 'attribute_exists' ? exists : !exists;
    }
    if (token === 'begins_with') {
      expect('(');
      const value = operand(next()!, item, names, values);
      expect(',');
      const prefix = operand(next()!, item, names, values);
      expect(')');
      return typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix);
    }
    const left = operand(token, item, names, values);
    if (tokens[at] === 'IN') {
      at++;
      expect('(');
      const candidates = [operand(next()!, item, names, values)];
      while (tokens[at] === ',') {
        at++;
        candidates.push(operand(next()!, item, names, values));
      }
      expect(')');
      return left !== undefined && candidates.some((candidate) => same(left, candidate));
    }
    const op = next()!;
    if (op === 'BETWEEN') {
      const low = operand(next()!, item, names, values);
      expect('AND');
      const high = operand(next()!, item, names, values);
      return compare(left, '>=', low) && compare(left, '<=', high);
    }
    return compare(left, op, operand(next()!, item, names, values));
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`Unparsed rest of expression: ${tokens.slice(at).join(' ')}`);
  return result;
}

/** Applies `SET a = :v, #b = :w`, `ADD n :one` and `REMOVE c` clauses; returns the new item and the names it changed. */
function applyUpdate(item: Item, expression: string, names: Names, values: Values): { item: Item; changed: string[] } {
  const next = structuredClone(item);
  const changed: string[] = [];
  for (const [, clause, body] of expression.matchAll(/\b(SET|ADD|REMOVE)\b([^]*?)(?=\b(?:SET|ADD|REMOVE)\b|$)/g)) {
    for (const part of body!.split(',').map((p) => p.trim()).filter(Boolean)) {
      if (clause === 'SET') {
        const [target, source] = part.split('=').map((s) => s.trim());
        const name = target!.startsWith('#') ? names![target!]! : target!;
        next[name] = structuredClone(operand(source!, item, names, values));
        changed.push(name);
      } else if (clause === 'ADD') {
        const [target, source] = part.split(/\s+/);
        const name = target!.startsWith('#') ? names![target!]! : target!;
        next[name] = Number(next[name] ?? 0) + Number(operand(source!, item, names, values));
        changed.push(name);
      } else {
        const name = part.startsWith('#') ? names![part]! : part;
        delete next[name];
        changed.push(name);
      }
    }
  }
  return { item: next, changed };
}

function project(item: Item, projection: string | undefined, names: Names): Item {
  if (!projection) return structuredClone(item);
  const wanted = projection.split(',').map((p) => p.trim()).map((p) => (p.startsWith('#') ? names![p]! : p));
  return structuredClone(Object.fromEntries(Object.entries(item).filter(([name]) => wanted.includes(name))));
}

// --- Marshalling, for the low-level client that Powertools idempotency uses ---------------------

const unmarshallValue = (value: AttributeValue): unknown => {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return unmarshall(value.M);
  if (value.L !== undefined) return value.L.map(unmarshallValue);
  if (value.B !== undefined) return value.B;
  throw new Error(`Unsupported attribute value ${JSON.stringify(value)}`);
};
const unmarshall = (item: Record<string, AttributeValue> | undefined): Item | undefined =>
  item && Object.fromEntries(Object.entries(item).map(([k, v]) => [k, unmarshallValue(v)]));
const marshallValue = (value: unknown): AttributeValue => {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (value instanceof Uint8Array) return { B: value };
  if (Array.isArray(value)) return { L: value.map(marshallValue) };
  return { M: marshall(value as Item) };
};
const marshall = (item: Item): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).map(([k, v]) => [k, marshallValue(v)]));

// --- Faults ------------------------------------------------------------------------------------

/** The API operations the fake serves, by their AWS names (a document client's PutCommand is PutItem). */
export type Operation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'TransactWriteItems'
  | 'BatchWriteItem'
  | 'BatchGetItem'
  | 'PutObject'
  | 'GetObject'
  | 'DeleteObject'
  | 'SendMessage'
  | 'ChangeMessageVisibility'
  | 'SendEmail'
  | 'AdminDeleteUser';

export interface FaultTarget {
  /** Only calls whose input this accepts count (default: every call of the operation). */
  when?: (input: any) => boolean;
  /** The first call affected, counting matching calls from when the fault was added (1-based; default 1). */
  nth?: number;
  /** How many calls are affected from the nth on (default: one when `nth` is given, else every one). */
  times?: number;
}

/**
 * A fault written as a function, for faults that depend on what was asked (which item, how many times
 * so far): asked before every call, it returns an error to fail the call (nothing is applied), a
 * promise to hold it until the promise settles (stalled storage; then it is applied, late), or nothing.
 */
export type FaultFunction = (call: { command: Operation; input: any }) => Error | Promise<unknown> | undefined;

interface Fault extends Required<Omit<FaultTarget, 'when'>> {
  operation: Operation;
  when: (input: any) => boolean;
  seen: number;
  act: () => Promise<void>;
}

// --- The fake ----------------------------------------------------------------------------------

const { partitionKey: PK, sortKey: SK } = tableDefinition;
const keyOf = (key: Item) => `${String(key[PK])}\u0000${String(key[SK])}`;
const conditionFailed = (item?: Item) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: marshall(item) } : {}) });
/** DynamoDB answers at most 1 MB per Query page. */
const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_TRANSACTION_ITEMS = 100;

interface Conditional {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  ReturnValuesOnConditionCheckFailure?: string;
}

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  versionId: string;
}

export class FakeAws {
  readonly items = new Map<string, Item>();
  readonly objects = new Map<string, StoredObject>();
  /** Messages sent to the import queue, in order. */
  readonly messages: { QueueUrl?: string; MessageBody?: string; MessageGroupId?: string; MessageDeduplicationId?: string }[] = [];
  readonly ddb = mockClient(DynamoDBDocumentClient);
  readonly lowLevel = mockClient(DynamoDBClient);
  readonly s3 = mockClient(S3Client);
  readonly sqs = mockClient(SQSClient);
  /** Mails sent through SES v2, in order. */
  readonly mails: SendEmailCommandInput[] = [];
  readonly ses = mockClient(SESv2Client);
  /** The users of the learners' user pool, by username (a test adds the ones its learners signed in as). */
  readonly signInUsers = new Set<string>();
  /** Every AdminDeleteUser input, in order. */
  readonly deletedUsers: { UserPoolId?: string; Username?: string }[] = [];
  readonly cognito = mockClient(CognitoIdentityProviderClient);
  private faults: Fault[] = [];
  private readonly faultFunctions = new Set<FaultFunction>();

  constructor() {
    this.install();
  }

  // --- Seeding and reading, around the API --------------------------------------------------

  /** Stores an item as it is (no condition, no fault): a test's starting state (a record of the stream too). */
  putItem(item: Item): void {
    const key = keyOf(item);
    const old = this.items.get(key);
    this.items.set(key, structuredClone(item));
    this.recordChange(old, item);
  }

  getItem(pk: string, sk: string): Item | undefined {
    return this.get({ [PK]: pk, [SK]: sk });
  }

  /** Every item whose partition key starts with `prefix`. */
  itemsUnder(prefix: string): Item[] {
    return [...this.items.values()].filter((item) => String(item[PK]).startsWith(prefix)).map((item) => structuredClone(item));
  }

  putObject(key: string, body: Buffer, contentType?: string): void {
    this.objects.set(key, { body, ...(contentType ? { contentType } : {}), versionId: randomUUID() });
  }

  // --- Faults ---------------------------------------------------------------------------------

  /** The matching calls fail with `error` (default: a throttling error, as a busy table gives). */
  fail(operation: Operation, target: FaultTarget & { error?: Error } = {}): void {
    const error = target.error ?? named('ThrottlingException', `Injected fault: ${operation} is throttled`);
    this.addFault(operation, target, async () => {
      throw error;
    });
  }

  /** The matching calls wait for `until` (a promise, or milliseconds), then go ahead. */
  stall(operation: Operation, target: FaultTarget & { until: Promise<unknown> | number }): void {
    const { until } = target;
    this.addFault(operation, target, async () => {
      await (typeof until === 'number' ? new Promise((resolve) => setTimeout(resolve, until)) : until);
    });
  }

  /** Adds a fault function to every later call; returns what removes it. */
  inject(fault: FaultFunction): () => void {
    this.faultFunctions.add(fault);
    return () => this.faultFunctions.delete(fault);
  }

  clearFaults(): void {
    this.faults = [];
    this.faultFunctions.clear();
  }

  private addFault(operation: Operation, target: FaultTarget, act: () => Promise<void>): void {
    const nth = target.nth ?? 1;
    const times = target.times ?? (target.nth === undefined ? Infinity : 1);
    this.faults.push({ operation, when: target.when ?? (() => true), nth, times, seen: 0, act });
  }

  private async beforeCall(operation: Operation, input: unknown): Promise<void> {
    for (const fault of [...this.faultFunctions]) {
      const outcome = fault({ command: operation, input });
      if (outcome instanceof Error) throw outcome;
      if (outcome) await outcome;
    }
    for (const fault of this.faults) {
      if (fault.operation !== operation || !fault.when(input)) continue;
      fault.seen++;
      if (fault.seen >= fault.nth && fault.seen < fault.nth + fault.times) await fault.act();
    }
  }

  // --- Netting out changes --------------------------------------------------------------------

  /** Every write, with what was there before it: `changedSince` nets them out per item. */
  private readonly journal: { key: string; before: string | undefined }[] = [];

  /** Where the journal is now; pass it to `changedSince`. */
  mark(): number {
    return this.journal.length;
  }

  /**
   * What differs from the state at `mark`, item by item (an item written and put back counts as
   * unchanged); API keys' lastUsedAt, which any authenticated request may set, is left out.
   */
  changedSince(mark: number): string {
    const before = new Map<string, string | undefined>();
    for (const entry of this.journal.slice(mark)) if (!before.has(entry.key)) before.set(entry.key, entry.before);
    const changes: string[] = [];
    for (const [key, was] of before) {
      const now = key.startsWith('s3:') ? this.describeObject(key.slice(3)) : this.describeItem(this.items.get(key));
      if (now !== was) changes.push(`${key.replace('\u0000', ' ')}: ${String(was).slice(0, 200)} → ${String(now).slice(0, 200)}`);
    }
    return changes.join('\n');
  }

  private describeItem(item: Item | undefined): string | undefined {
    if (!item) return undefined;
    const { lastUsedAt: _ignored, ...rest } = item;
    return canonicalJson(rest);
  }

  private describeObject(key: string): string | undefined {
    const object = this.objects.get(key);
    return object && createHash('sha256').update(object.body).digest('hex');
  }

  // --- DynamoDB -------------------------------------------------------------------------------

  private store(key: string, item: Item | undefined): void {
    const old = this.items.get(key);
    this.journal.push({ key, before: this.describeItem(old) });
    if (item) this.items.set(key, item);
    else this.items.delete(key);
    this.recordChange(old, item);
  }

  // --- The table's stream ----------------------------------------------------------------------

  private readonly stream: DynamoDBRecord[] = [];

  private recordChange(old: Item | undefined, item: Item | undefined): void {
    if ((old === undefined && item === undefined) || (old && item && canonicalJson(old) === canonicalJson(item))) return;
    const image = (old ?? item)!;
    this.stream.push({
      eventID: randomUUID().replace(/-/g, ''),
      eventName: !old ? 'INSERT' : !item ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      eventSourceARN: 'arn:aws:dynamodb:eu-west-2:000000000000:table/unit-test-table/stream/2026-01-01T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: marshall({ [PK]: image[PK], [SK]: image[SK] }) as never,
        ...(item ? { NewImage: marshall(item) as never } : {}),
        ...(old ? { OldImage: marshall(old) as never } : {}),
        SequenceNumber: String(this.stream.length + 1).padStart(21, '0'),
        SizeBytes: itemSize(item ?? old!),
        StreamViewType: tableDefinition.streamViewType,
      },
    });
  }

  /** Where the stream is now; pass it to `streamRecords`. */
  streamMark(): number {
    return this.stream.length;
  }

  /** The stream's records since `mark` (of items whose pk starts with `prefix`), as Lambda would deliver them. */
  streamRecords(mark = 0, prefix = ''): DynamoDBRecord[] {
    return structuredClone(this.stream.slice(mark).filter((record) => String(record.dynamodb?.Keys?.pk?.S).startsWith(prefix)));
  }

  private get(key: Item): Item | undefined {
    const item = this.items.get(keyOf(key));
    return item && structuredClone(item);
  }

  private check(input: Conditional, existing: Item | undefined): boolean {
    return !input.ConditionExpression || evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  }

  private put(input: { Item: Item } & Conditional): void {
    checkSize(input.Item);
    const existing = this.get(input.Item);
    if (!this.check(input, existing)) throw conditionFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? existing : undefined);
    this.store(keyOf(input.Item), structuredClone(input.Item));
  }

  private updated(input: { Key: Item; UpdateExpression: string } & Conditional) {
    const existing = this.get(input.Key);
    if (!this.check(input, existing)) throw conditionFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? existing : undefined);
    const result = applyUpdate(existing ?? { ...input.Key }, input.UpdateExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    checkSize(result.item);
    return { existing, ...result };
  }

  private update(input: { Key: Item; UpdateExpression: string; ReturnValues?: string } & Conditional): Item | undefined {
    const { existing, item, changed } = this.updated(input);
    this.store(keyOf(input.Key), item);
    if (input.ReturnValues === 'ALL_NEW') return structuredClone(item);
    if (input.ReturnValues === 'UPDATED_NEW') return Object.fromEntries(changed.map((name) => [name, item[name]]));
    if (input.ReturnValues === 'ALL_OLD') return existing;
    return undefined;
  }

  /** The item deleted, if any (DeleteItem's ReturnValues ALL_OLD). */
  private delete(input: { Key: Item } & Conditional): Item | undefined {
    const existing = this.get(input.Key);
    if (!this.check(input, existing)) throw conditionFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? existing : undefined);
    this.store(keyOf(input.Key), undefined);
    return existing;
  }

  private query(input: {
    IndexName?: string;
    KeyConditionExpression: string;
    FilterExpression?: string;
    ProjectionExpression?: string;
    ExpressionAttributeNames?: Names;
    ExpressionAttributeValues?: Values;
    ScanIndexForward?: boolean;
    ConsistentRead?: boolean;
    Limit?: number;
    ExclusiveStartKey?: Item;
  }) {
    const index = input.IndexName === undefined ? undefined : tableDefinition.indexes.find((i) => i.name === input.IndexName);
    if (input.IndexName !== undefined && !index) throw validation(`The table does not have the specified index: ${input.IndexName}`);
    if (index && input.ConsistentRead) throw validation('Consistent reads are not supported on global secondary indexes');
    const [hash, range] = index ? [index.partitionKey, index.sortKey] : [PK, SK];
    // An index orders items by its sort key; items with the same one, by the table's key.
    const position = (item: Item) => (index ? [item[range], item[PK], item[SK]] : [item[SK]]);
    const order = (a: unknown[], b: unknown[]) => {
      for (let i = 0; i < a.length; i++) {
        const c = compareValues(a[i], b[i]);
        if (c !== 0) return c;
      }
      return 0;
    };
    const forward = input.ScanIndexForward !== false;
    let candidates = [...this.items.values()]
      // A GSI is sparse: an item without its keys is not in it.
      .filter((item) => item[hash] !== undefined && item[range] !== undefined)
      .filter((item) => evaluate(input.KeyConditionExpression, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues))
      .sort((a, b) => order(position(a), position(b)) * (forward ? 1 : -1));
    if (input.ExclusiveStartKey) {
      // The page starts after the key's place in the order, whether or not an item is still there.
      const start = position(input.ExclusiveStartKey);
      candidates = candidates.filter((item) => order(position(item), start) * (forward ? 1 : -1) > 0);
    }
    // Limit counts items read, before the filter; a page also stops at 1 MB. Stopping early, for
    // either reason, gives a LastEvaluatedKey, even when nothing is left to read.
    const evaluated: Item[] = [];
    let bytes = 0;
    for (const item of candidates) {
      if (input.Limit !== undefined && evaluated.length >= input.Limit) break;
      evaluated.push(item);
      bytes += itemSize(item);
      if (bytes >= MAX_PAGE_BYTES) break;
    }
    const stoppedEarly = evaluated.length > 0 && (evaluated.length === input.Limit || bytes >= MAX_PAGE_BYTES);
    const last = evaluated.at(-1);
    const LastEvaluatedKey = stoppedEarly && last ? { [PK]: last[PK], [SK]: last[SK], ...(index ? { [hash]: last[hash], [range]: last[range] } : {}) } : undefined;
    const matches = input.FilterExpression
      ? evaluated.filter((item) => evaluate(input.FilterExpression!, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues))
      : evaluated;
    return {
      Items: matches.map((item) => project(item, input.ProjectionExpression, input.ExpressionAttributeNames)),
      Count: matches.length,
      ScannedCount: evaluated.length,
      ...(LastEvaluatedKey ? { LastEvaluatedKey } : {}),
    };
  }

  /** A Scan of the table, in key order (DynamoDB's is by hash: any fixed order serves), paged like a Query. */
  private scan(input: { FilterExpression?: string; ExpressionAttributeNames?: Names; ExpressionAttributeValues?: Values; Limit?: number; ExclusiveStartKey?: Item }) {
    const position = (item: Item) => `${String(item[PK])}\u0000${String(item[SK])}`;
    let candidates = [...this.items.values()].sort((a, b) => (position(a) < position(b) ? -1 : position(a) > position(b) ? 1 : 0));
    if (input.ExclusiveStartKey) candidates = candidates.filter((item) => position(item) > position(input.ExclusiveStartKey!));
    const evaluated = input.Limit === undefined ? candidates : candidates.slice(0, input.Limit);
    const last = evaluated.length === input.Limit ? evaluated.at(-1) : undefined;
    const matches = input.FilterExpression ? evaluated.filter((item) => evaluate(input.FilterExpression!, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) : evaluated;
    return { Items: matches.map((item) => structuredClone(item)), Count: matches.length, ScannedCount: evaluated.length, ...(last ? { LastEvaluatedKey: { [PK]: last[PK], [SK]: last[SK] } } : {}) };
  }

  private transact(
    items: { Put?: { Item: Item } & Conditional; Update?: Parameters<FakeAws['update']>[0]; Delete?: { Key: Item } & Conditional; ConditionCheck?: { Key: Item } & Conditional }[],
  ) {
    if (items.length === 0 || items.length > MAX_TRANSACTION_ITEMS) throw validation(`A transaction holds 1 to ${MAX_TRANSACTION_ITEMS} actions`);
    const targets = items.map((entry) => {
      const operation = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck!;
      return keyOf('Item' in operation ? operation.Item : operation.Key);
    });
    if (new Set(targets).size !== targets.length) throw validation('Transaction request cannot include multiple operations on one item');
    for (const entry of items) {
      if (entry.Put) checkSize(entry.Put.Item);
    }
    const reasons = items.map((entry) => {
      const operation = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck!;
      const existing = this.get('Item' in operation ? operation.Item : operation.Key);
      if (this.check(operation, existing)) return { Code: 'None' };
      return {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        ...(operation.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && existing ? { Item: marshall(existing) } : {}),
      };
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        $metadata: {},
        CancellationReasons: reasons,
      });
    }
    // All or nothing: every update is worked out (and size-checked) before anything is stored.
    const writes = items.map((entry, i) => {
      if (entry.Put) return { key: targets[i]!, item: structuredClone(entry.Put.Item) as Item | undefined };
      if (entry.Update) return { key: targets[i]!, item: this.updated({ ...entry.Update, ConditionExpression: undefined }).item as Item | undefined };
      if (entry.Delete) return { key: targets[i]!, item: undefined };
      return undefined;
    });
    for (const write of writes) if (write) this.store(write.key, write.item);
  }

  private batchGet(requestItems: Record<string, { Keys: Item[] }>) {
    const tables = Object.entries(requestItems);
    const keys = tables.reduce((n, [, request]) => n + request.Keys.length, 0);
    if (keys === 0 || keys > 100) throw validation('A BatchGetItem request holds 1 to 100 keys');
    return { Responses: Object.fromEntries(tables.map(([table, request]) => [table, request.Keys.flatMap((key) => this.get(key) ?? [])])), UnprocessedKeys: {} };
  }

  private batchWrite(requestItems: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>) {
    const requests = Object.values(requestItems).flat();
    if (requests.length === 0 || requests.length > 25) throw validation('A BatchWriteItem request holds 1 to 25 items');
    for (const request of requests) if (request.PutRequest) checkSize(request.PutRequest.Item);
    for (const request of requests) {
      if (request.PutRequest) this.store(keyOf(request.PutRequest.Item), structuredClone(request.PutRequest.Item));
      if (request.DeleteRequest) this.store(keyOf(request.DeleteRequest.Key), undefined);
    }
    return { UnprocessedItems: {} };
  }

  // --- Wiring -----------------------------------------------------------------------------------

  /** `answer`, after the operation's faults have had their say. */
  private serve<I, O>(operation: Operation, answer: (input: I) => O | Promise<O>) {
    return async (input: I) => {
      await this.beforeCall(operation, input);
      return answer(input);
    };
  }

  private install(): void {
    const { ddb, lowLevel, s3, sqs } = this;
    ddb.on(GetCommand).callsFake(this.serve('GetItem', (input: any) => ({ Item: this.get(input.Key) })));
    ddb.on(PutCommand).callsFake(this.serve('PutItem', (input: any) => (this.put(input), {})));
    ddb.on(UpdateCommand).callsFake(this.serve('UpdateItem', (input: any) => ({ Attributes: this.update(input) })));
    ddb.on(DeleteCommand).callsFake(
      this.serve('DeleteItem', (input: any) => {
        const old = this.delete(input);
        return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
      }),
    );
    ddb.on(QueryCommand).callsFake(this.serve('Query', (input: any) => this.query(input)));
    ddb.on(ScanCommand).callsFake(this.serve('Scan', (input: any) => this.scan(input)));
    ddb.on(TransactWriteCommand).callsFake(this.serve('TransactWriteItems', (input: any) => (this.transact(input.TransactItems), {})));
    ddb.on(BatchWriteCommand).callsFake(this.serve('BatchWriteItem', (input: any) => this.batchWrite(input.RequestItems ?? {})));
    ddb.on(BatchGetCommand).callsFake(this.serve('BatchGetItem', (input: any) => this.batchGet(input.RequestItems ?? {})));

    const plain = (input: Conditional & { ExpressionAttributeValues?: unknown }) => ({
      ...input,
      ExpressionAttributeValues: unmarshall(input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined),
    });
    lowLevel.on(GetItemCommand).callsFake(
      this.serve('GetItem', (input: any) => {
        const item = this.get(unmarshall(input.Key)!);
        return item ? { Item: marshall(item) } : {};
      }),
    );
    lowLevel.on(PutItemCommand).callsFake(this.serve('PutItem', (input: any) => (this.put({ ...plain(input), Item: unmarshall(input.Item)! }), {})));
    lowLevel.on(UpdateItemCommand).callsFake(
      this.serve('UpdateItem', (input: any) => {
        const attributes = this.update({ ...plain(input), Key: unmarshall(input.Key)!, UpdateExpression: input.UpdateExpression! });
        return attributes ? { Attributes: marshall(attributes) } : {};
      }),
    );
    lowLevel.on(DeleteItemCommand).callsFake(this.serve('DeleteItem', (input: any) => (this.delete({ ...plain(input), Key: unmarshall(input.Key)! }), {})));

    s3.on(PutObjectCommand).callsFake(
      this.serve('PutObject', (input: any) => {
        const body = input.Body;
        const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body as Uint8Array);
        this.journal.push({ key: `s3:${input.Key}`, before: this.describeObject(input.Key!) });
        this.putObject(input.Key!, bytes, input.ContentType);
        return { VersionId: this.objects.get(input.Key!)!.versionId };
      }),
    );
    s3.on(GetObjectCommand).callsFake(
      this.serve('GetObject', (input: any) => {
        const object = this.objects.get(input.Key!);
        if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
        return { Body: { transformToByteArray: async () => new Uint8Array(object.body) }, VersionId: object.versionId, ContentType: object.contentType };
      }),
    );
    // The bucket keeps only the current version: deleting it, or the object, removes the bytes.
    s3.on(DeleteObjectCommand).callsFake(
      this.serve('DeleteObject', (input: any) => {
        const object = this.objects.get(input.Key!);
        if (object && (input.VersionId === undefined || input.VersionId === object.versionId)) {
          this.journal.push({ key: `s3:${input.Key}`, before: this.describeObject(input.Key!) });
          this.objects.delete(input.Key!);
        }
        return {};
      }),
    );

    sqs.on(SendMessageCommand).callsFake(
      this.serve('SendMessage', (input: any) => {
        this.messages.push(input);
        return { MessageId: randomUUID() };
      }),
    );
    sqs.on(ChangeMessageVisibilityCommand).callsFake(this.serve('ChangeMessageVisibility', () => ({})));

    this.cognito.on(AdminDeleteUserCommand).callsFake(
      this.serve('AdminDeleteUser', (input: { UserPoolId?: string; Username?: string }) => {
        this.deletedUsers.push({ ...input });
        if (!this.signInUsers.delete(input.Username ?? '')) throw new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
        return {};
      }),
    );
    this.ses.on(SendEmailCommand).callsFake(
      this.serve('SendEmail', (input: SendEmailCommandInput) => {
        this.mails.push(structuredClone(input));
        return { MessageId: randomUUID() };
      }),
    );
  }

  /** The plain-text bodies of the mails sent to `address`, oldest first. */
  mailTo(address: string): { subject: string; text: string; html: string }[] {
    return this.mails
      .filter((mail) => mail.Destination?.ToAddresses?.includes(address))
      .map((mail) => ({
        subject: mail.Content?.Simple?.Subject?.Data ?? '',
        text: mail.Content?.Simple?.Body?.Text?.Data ?? '',
        html: mail.Content?.Simple?.Body?.Html?.Data ?? '',
      }));
  }
}

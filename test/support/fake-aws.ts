// An in-memory city table and bucket behind aws-sdk-client-mock, for unit tests that run many requests
// through the real handlers: enough of DynamoDB (keys, the three GSIs, condition, update and key
// condition expressions as the data modules and Powertools idempotency write them, transactions) and
// of S3 (put and get) for every route to behave as it does against DynamoDB Local and s3rver.
// `mark()` and `changedSince()` tell whether a request changed anything, netted out item by item.
import { createHash } from 'node:crypto';
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
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { tableDefinition } from '../../definitions/table';
import { canonicalJson } from './fuzz-fixtures';

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

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

const compare = (a: unknown, op: string, b: unknown): boolean => {
  if (a === undefined || b === undefined) return op === '<>' && a !== b;
  const x = a as string | number;
  const y = b as string | number;
  switch (op) {
    case '=':
      return JSON.stringify(a) === JSON.stringify(b);
    case '<>':
      return JSON.stringify(a) !== JSON.stringify(b);
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
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
    const op = next()!;
    if (op === 'BETWEEN') {
      const value = operand(token, item, names, values);
      const low = operand(next()!, item, names, values);
      expect('AND');
      const high = operand(next()!, item, names, values);
      return compare(value, '>=', low) && compare(value, '<=', high);
    }
    return compare(operand(token, item, names, values), op, operand(next()!, item, names, values));
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`Unparsed rest of expression: ${tokens.slice(at).join(' ')}`);
  return result;
}

/** Applies `SET a = :v, #b = :w` and `ADD n :one` clauses; returns the new item and the names it changed. */
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

// --- The fake ----------------------------------------------------------------------------------

const { partitionKey: PK, sortKey: SK } = tableDefinition;
const keyOf = (key: Item) => `${String(key[PK])}\u0000${String(key[SK])}`;
const conditionFailed = (item?: Item) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: marshall(item) } : {}) });

interface Conditional {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
}

export class FakeAws {
  readonly items = new Map<string, Item>();
  readonly objects = new Map<string, Buffer>();
  readonly ddb = mockClient(DynamoDBDocumentClient);
  readonly lowLevel = mockClient(DynamoDBClient);
  readonly s3 = mockClient(S3Client);

  constructor() {
    this.install();
  }

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
    const body = this.objects.get(key);
    return body && createHash('sha256').update(body).digest('hex');
  }

  private store(key: string, item: Item | undefined): void {
    this.journal.push({ key, before: this.describeItem(this.items.get(key)) });
    if (item) this.items.set(key, item);
    else this.items.delete(key);
  }

  private get(key: Item): Item | undefined {
    const item = this.items.get(keyOf(key));
    return item && structuredClone(item);
  }

  private check(input: Conditional, existing: Item | undefined): boolean {
    return !input.ConditionExpression || evaluate(input.ConditionExpression, existing, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
  }

  private put(input: { Item: Item } & Conditional): void {
    const existing = this.get(input.Item);
    if (!this.check(input, existing)) throw conditionFailed(existing);
    this.store(keyOf(input.Item), structuredClone(input.Item));
  }

  private update(input: { Key: Item; UpdateExpression: string; ReturnValues?: string } & Conditional): Item | undefined {
    const existing = this.get(input.Key);
    if (!this.check(input, existing)) throw conditionFailed(existing);
    const { item, changed } = applyUpdate(existing ?? { ...input.Key }, input.UpdateExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    this.store(keyOf(input.Key), item);
    if (input.ReturnValues === 'ALL_NEW') return structuredClone(item);
    if (input.ReturnValues === 'UPDATED_NEW') return Object.fromEntries(changed.map((name) => [name, item[name]]));
    if (input.ReturnValues === 'ALL_OLD') return existing;
    return undefined;
  }

  private delete(input: { Key: Item } & Conditional): void {
    const existing = this.get(input.Key);
    if (!this.check(input, existing)) throw conditionFailed(existing);
    this.store(keyOf(input.Key), undefined);
  }

  private query(input: {
    IndexName?: string;
    KeyConditionExpression: string;
    FilterExpression?: string;
    ExpressionAttributeNames?: Names;
    ExpressionAttributeValues?: Values;
    ScanIndexForward?: boolean;
    Limit?: number;
    ExclusiveStartKey?: Item;
  }) {
    const index = tableDefinition.indexes.find((i) => i.name === input.IndexName);
    const [hash, range] = index ? [index.partitionKey, index.sortKey] : [PK, SK];
    let matches = [...this.items.values()]
      .filter((item) => item[hash] !== undefined && evaluate(input.KeyConditionExpression, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues))
      .sort((a, b) => (String(a[range]) < String(b[range]) ? -1 : String(a[range]) > String(b[range]) ? 1 : 0));
    if (input.ScanIndexForward === false) matches.reverse();
    if (input.ExclusiveStartKey) {
      const start = keyOf(input.ExclusiveStartKey);
      const position = matches.findIndex((item) => keyOf(item) === start);
      matches = position < 0 ? [] : matches.slice(position + 1);
    }
    let LastEvaluatedKey: Item | undefined;
    if (input.Limit !== undefined && matches.length > input.Limit) {
      matches = matches.slice(0, input.Limit);
      const last = matches.at(-1)!;
      LastEvaluatedKey = { [PK]: last[PK], [SK]: last[SK], ...(index ? { [hash]: last[hash], [range]: last[range] } : {}) };
    }
    if (input.FilterExpression) {
      matches = matches.filter((item) => evaluate(input.FilterExpression!, item, input.ExpressionAttributeNames, input.ExpressionAttributeValues));
    }
    return { Items: matches.map((item) => structuredClone(item)), Count: matches.length, ...(LastEvaluatedKey ? { LastEvaluatedKey } : {}) };
  }

  private transact(items: { Put?: { Item: Item } & Conditional; Update?: Parameters<FakeAws['update']>[0]; Delete?: { Key: Item } & Conditional; ConditionCheck?: { Key: Item } & Conditional }[]) {
    const reasons = items.map((entry) => {
      const operation = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck!;
      const key = 'Item' in operation ? operation.Item : operation.Key;
      return this.check(operation, this.get(key)) ? { Code: 'None' } : { Code: 'ConditionalCheckFailed' };
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
    }
    for (const entry of items) {
      if (entry.Put) this.store(keyOf(entry.Put.Item), structuredClone(entry.Put.Item));
      if (entry.Update) this.update({ ...entry.Update, ConditionExpression: undefined });
      if (entry.Delete) this.store(keyOf(entry.Delete.Key), undefined);
    }
  }

  private install(): void {
    const { ddb, lowLevel, s3 } = this;
    ddb.on(GetCommand).callsFake(async (input) => ({ Item: this.get(input.Key) }));
    ddb.on(PutCommand).callsFake(async (input) => (this.put(input), {}));
    ddb.on(UpdateCommand).callsFake(async (input) => ({ Attributes: this.update(input) }));
    ddb.on(DeleteCommand).callsFake(async (input) => (this.delete(input), {}));
    ddb.on(QueryCommand).callsFake(async (input) => this.query(input));
    ddb.on(TransactWriteCommand).callsFake(async (input) => (this.transact(input.TransactItems), {}));
    ddb.on(BatchWriteCommand).callsFake(async (input) => {
      for (const requests of Object.values(input.RequestItems ?? {}) as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[][]) {
        for (const request of requests) {
          if (request.PutRequest) this.store(keyOf(request.PutRequest.Item), structuredClone(request.PutRequest.Item));
          if (request.DeleteRequest) this.store(keyOf(request.DeleteRequest.Key), undefined);
        }
      }
      return {};
    });

    const plain = (input: Conditional & { ExpressionAttributeValues?: unknown }) => ({
      ...input,
      ExpressionAttributeValues: unmarshall(input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined),
    });
    lowLevel.on(GetItemCommand).callsFake(async (input) => {
      const item = this.get(unmarshall(input.Key)!);
      return item ? { Item: marshall(item) } : {};
    });
    lowLevel.on(PutItemCommand).callsFake(async (input) => (this.put({ ...plain(input), Item: unmarshall(input.Item)! }), {}));
    lowLevel.on(UpdateItemCommand).callsFake(async (input) => {
      const attributes = this.update({ ...plain(input), Key: unmarshall(input.Key)!, UpdateExpression: input.UpdateExpression! });
      return attributes ? { Attributes: marshall(attributes) } : {};
    });
    lowLevel.on(DeleteItemCommand).callsFake(async (input) => (this.delete({ ...plain(input), Key: unmarshall(input.Key)! }), {}));

    s3.on(PutObjectCommand).callsFake(async (input) => {
      const body = input.Body;
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body as Uint8Array);
      this.journal.push({ key: `s3:${input.Key}`, before: this.describeObject(input.Key!) });
      this.objects.set(input.Key!, bytes);
      return {};
    });
    s3.on(GetObjectCommand).callsFake(async (input) => {
      const body = this.objects.get(input.Key!);
      if (!body) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
    });
  }
}

// In-memory stand-ins for the city table and bucket behind aws-sdk-client-mock, for tests that run
// long sequences of real data-module calls (the import worker) and inject faults between them. The
// table evaluates the expressions the data modules write (SET, ADD, =, IN, begins_with,
// attribute_(not_)exists, joined by AND), so a wrong condition fails here as it would in DynamoDB.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, any>;
type Values = Record<string, unknown>;
type Names = Record<string, string>;

const named = (error: string, message = error) => Object.assign(new Error(message), { name: error });
const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

interface Expression {
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
}

function resolveName(token: string, names: Names = {}): string {
  return token.startsWith('#') ? names[token]! : token;
}

/** Evaluates `a = :v`, `a IN (:x, :y)`, `begins_with(a, :v)`, `attribute_exists(a)`, `attribute_not_exists(a)`, joined by AND. */
function holds(condition: string | undefined, item: Item | undefined, { ExpressionAttributeNames: names, ExpressionAttributeValues: values = {} }: Expression): boolean {
  if (!condition) return true;
  return condition.split(/\s+AND\s+/i).every((part) => {
    const clause = part.trim();
    let match = /^attribute_(not_)?exists\((\S+)\)$/.exec(clause);
    if (match) return (item?.[resolveName(match[2]!, names)] !== undefined) === !match[1];
    match = /^begins_with\((\S+),\s*(:\w+)\)$/.exec(clause);
    if (match) return String(item?.[resolveName(match[1]!, names)] ?? '').startsWith(String(values[match[2]!]));
    match = /^(\S+)\s+IN\s+\(([^)]*)\)$/i.exec(clause);
    if (match) return match[2]!.split(',').map((v) => values[v.trim()]).includes(item?.[resolveName(match[1]!, names)]);
    match = /^(\S+)\s*=\s*(:\w+)$/.exec(clause);
    if (match) return item?.[resolveName(match[1]!, names)] === values[match[2]!];
    throw new Error(`fake table: unsupported condition "${clause}"`);
  });
}

/** Applies `SET a = :v, ... ADD b :n, ...` (ADD on numbers) to a copy of `item`. */
function applyUpdate(update: string, item: Item, { ExpressionAttributeNames: names, ExpressionAttributeValues: values = {} }: Expression): Item {
  const next = { ...item };
  for (const [, action, body] of update.matchAll(/\b(SET|ADD)\s+(.*?)(?=\s+\b(?:SET|ADD)\b\s+|$)/gis)) {
    for (const assignment of body!.split(',')) {
      if (action!.toUpperCase() === 'SET') {
        const [name, value] = assignment.split('=').map((s) => s.trim());
        next[resolveName(name!, names)] = clone(values[value!]);
      } else {
        const [name, value] = assignment.trim().split(/\s+/);
        const key = resolveName(name!, names);
        next[key] = Number(next[key] ?? 0) + Number(values[value!]);
      }
    }
  }
  return next;
}

export type Fault = (operation: { command: string; input: any }) => Error | undefined;

export class FakeTable {
  readonly items = new Map<string, Item>();
  /** Checked before every operation; the first error returned is thrown instead of doing it. */
  readonly faults: Fault[] = [];

  private static key = (pk: string, sk: string) => `${pk}\u0000${sk}`;

  put(item: Item): void {
    this.items.set(FakeTable.key(item.pk, item.sk), clone(item));
  }

  get(pk: string, sk: string): Item | undefined {
    return this.items.get(FakeTable.key(pk, sk));
  }

  all(prefix: string): Item[] {
    return [...this.items.values()].filter((item) => String(item.pk).startsWith(prefix));
  }

  private checkFaults(command: string, input: unknown): void {
    for (const fault of this.faults) {
      const error = fault({ command, input });
      if (error) throw error;
    }
  }

  attach(ddb: AwsStub<any, any, any>): void {
    ddb.on(GetCommand).callsFake(async (input) => {
      this.checkFaults('Get', input);
      return { Item: clone(this.get(input.Key.pk, input.Key.sk)) };
    });
    ddb.on(PutCommand).callsFake(async (input) => {
      this.checkFaults('Put', input);
      if (!holds(input.ConditionExpression, this.get(input.Item.pk, input.Item.sk), input)) throw named('ConditionalCheckFailedException');
      this.put(input.Item);
      return {};
    });
    ddb.on(UpdateCommand).callsFake(async (input) => {
      this.checkFaults('Update', input);
      const current = this.get(input.Key.pk, input.Key.sk);
      if (!holds(input.ConditionExpression, current, input)) throw named('ConditionalCheckFailedException');
      const next = applyUpdate(input.UpdateExpression, current ?? { ...input.Key }, input);
      this.put(next);
      return { Attributes: clone(next) };
    });
    ddb.on(TransactWriteCommand).callsFake(async (input) => {
      this.checkFaults('TransactWrite', input);
      const writes = input.TransactItems.map((entry: any) => {
        if (entry.Put) {
          const { Item } = entry.Put;
          if (!holds(entry.Put.ConditionExpression, this.get(Item.pk, Item.sk), entry.Put)) return undefined;
          return Item;
        }
        const { Key } = entry.Update;
        const current = this.get(Key.pk, Key.sk);
        if (!holds(entry.Update.ConditionExpression, current, entry.Update)) return undefined;
        return applyUpdate(entry.Update.UpdateExpression, current ?? { ...Key }, entry.Update);
      });
      if (writes.includes(undefined)) throw named('TransactionCanceledException', 'Transaction cancelled [ConditionalCheckFailed]');
      for (const item of writes) this.put(item);
      return {};
    });
    ddb.on(QueryCommand).callsFake(async (input) => {
      this.checkFaults('Query', input);
      const index = input.IndexName as string | undefined;
      const [sortKey] = index ? [`${index}sk`] : ['sk'];
      const matching = [...this.items.values()]
        .filter((item) => holds(input.KeyConditionExpression, item, input) && holds(input.FilterExpression, item, input))
        .sort((a, b) => String(a[sortKey]).localeCompare(String(b[sortKey])));
      return { Items: clone(input.ScanIndexForward === false ? matching.reverse() : matching) };
    });
  }
}

export class FakeBucket {
  readonly objects = new Map<string, { body: Buffer; contentType?: string }>();
  readonly faults: Fault[] = [];

  private checkFaults(command: string, input: unknown): void {
    for (const fault of this.faults) {
      const error = fault({ command, input });
      if (error) throw error;
    }
  }

  attach(s3: AwsStub<any, any, any>): void {
    s3.on(PutObjectCommand).callsFake(async (input) => {
      this.checkFaults('PutObject', input);
      this.objects.set(input.Key, { body: Buffer.from(input.Body as Buffer | string), contentType: input.ContentType });
      return {};
    });
    s3.on(GetObjectCommand).callsFake(async (input) => {
      this.checkFaults('GetObject', input);
      const object = this.objects.get(input.Key);
      if (!object) throw named('NoSuchKey');
      return { Body: { transformToByteArray: async () => new Uint8Array(object.body) } };
    });
    s3.on(DeleteObjectCommand).callsFake(async (input) => {
      this.checkFaults('DeleteObject', input);
      this.objects.delete(input.Key);
      return {};
    });
  }
}

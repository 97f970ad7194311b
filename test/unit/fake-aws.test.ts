// The in-memory AWS behind the unit tests behaves as DynamoDB does on every point the code relies on:
// expressions, Query's Limit / ExclusiveStartKey / LastEvaluatedKey / ScanIndexForward, byte order,
// conditional failures (with CancellationReasons in transactions), the 400 KB item limit; its faults
// fail or stall exactly the calls asked for; its write check sees only net changes; and its stream
// records each change (and none for a write that changes nothing) as DynamoDB Streams does.
import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { compareValues, evaluate, FakeAws, itemSize, MAX_ITEM_BYTES } from '../support/fake-aws';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const s3 = new S3Client({ region: 'eu-west-2' });
const TableName = 't';
let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
});

const put = (Item: Record<string, unknown>, ConditionExpression?: string) => db.send(new PutCommand({ TableName, Item, ...(ConditionExpression ? { ConditionExpression } : {}) }));
const byIndex = (input: { Limit?: number; ExclusiveStartKey?: Record<string, unknown>; ScanIndexForward?: boolean; FilterExpression?: string }) =>
  db.send(new QueryCommand({ TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', ExpressionAttributeValues: { ':g': 'G', ...(input.FilterExpression ? { ':keep': true } : {}) }, ...input }));

describe('the fake table', () => {
  it('evaluates condition and key expressions', () => {
    const item = { pk: 'A', sk: 'REVOKED#1', version: 2, status: 'running', lastUsedAt: '2026-01-01' };
    expect(evaluate('attribute_exists(pk) AND attribute_not_exists(revokedAt)', item, undefined, undefined)).toBe(true);
    expect(evaluate('attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)', item, undefined, { ':stale': '2025-12-31' })).toBe(false);
    expect(evaluate('#v = :previous', item, { '#v': 'version' }, { ':previous': 2 })).toBe(true);
    expect(evaluate('pk = :pk AND begins_with(sk, :p)', item, undefined, { ':pk': 'A', ':p': 'REVOKED#' })).toBe(true);
    expect(evaluate('NOT attribute_exists(pk)', undefined, undefined, undefined)).toBe(true);
    expect(evaluate('#s IN (:queued, :running)', item, { '#s': 'status' }, { ':queued': 'queued', ':running': 'running' })).toBe(true);
    expect(evaluate('#s IN (:queued, :done)', item, { '#s': 'status' }, { ':queued': 'queued', ':done': 'completed' })).toBe(false);
    // Ordering a missing attribute, or values of different types, is false both ways.
    expect(evaluate('missing < :v', item, undefined, { ':v': 'z' })).toBe(false);
    expect(evaluate('version < :v', item, undefined, { ':v': '3' })).toBe(false);
  });

  it('applies conditional puts, updates and deletes', async () => {
    await put({ pk: 'P', sk: '1' }, 'attribute_not_exists(pk)');
    await expect(put({ pk: 'P', sk: '1' }, 'attribute_not_exists(pk)')).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const { Attributes } = await db.send(
      new UpdateCommand({ TableName, Key: { pk: 'P', sk: '1' }, UpdateExpression: 'ADD n :one SET #f = :v', ExpressionAttributeNames: { '#f': 'f' }, ExpressionAttributeValues: { ':one': 1, ':v': 'x' }, ReturnValues: 'ALL_NEW' }),
    );
    expect(Attributes).toMatchObject({ n: 1, f: 'x' });
    await expect(db.send(new DeleteCommand({ TableName, Key: { pk: 'P', sk: '1' }, ConditionExpression: 'n = :two', ExpressionAttributeValues: { ':two': 2 } }))).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(aws.getItem('P', '1')).toMatchObject({ n: 1 });
  });

  it('sorts by UTF-8 bytes, as DynamoDB does, not by locale or UTF-16', async () => {
    // Locale order would put "a" before "B"; UTF-16 order would put U+FF5E before U+1F600 (a surrogate pair).
    const keys = ['a', 'B', 'Z', '\u{1F600}', '\uFF5E', 'é', '10', '9'];
    for (const [i, key] of keys.entries()) await put({ pk: `I${i}`, sk: 'X', gsi1pk: 'G', gsi1sk: key });
    const { Items } = await byIndex({});
    expect(Items!.map((i) => i.gsi1sk)).toEqual(['10', '9', 'B', 'Z', 'a', 'é', '\uFF5E', '\u{1F600}']);
    expect(compareValues(2, 10)).toBeLessThan(0);
  });

  describe('Query pages', () => {
    beforeEach(async () => {
      for (const n of [1, 2, 3, 4, 5]) await put({ pk: `P${n}`, sk: 'X', gsi1pk: 'G', gsi1sk: `2026-0${n}`, keep: n % 2 === 1 });
      await put({ pk: 'NOT-INDEXED', sk: 'X' });
    });

    it('honour Limit, LastEvaluatedKey (with the index and table keys) and ExclusiveStartKey, both ways', async () => {
      const first = await byIndex({ Limit: 2 });
      expect(first.Items!.map((i) => i.pk)).toEqual(['P1', 'P2']);
      expect(first.LastEvaluatedKey).toEqual({ pk: 'P2', sk: 'X', gsi1pk: 'G', gsi1sk: '2026-02' });
      const second = await byIndex({ Limit: 2, ExclusiveStartKey: first.LastEvaluatedKey });
      expect(second.Items!.map((i) => i.pk)).toEqual(['P3', 'P4']);
      const newest = await byIndex({ Limit: 2, ScanIndexForward: false });
      expect(newest.Items!.map((i) => i.pk)).toEqual(['P5', 'P4']);
      expect((await byIndex({ Limit: 2, ScanIndexForward: false, ExclusiveStartKey: newest.LastEvaluatedKey })).Items!.map((i) => i.pk)).toEqual(['P3', 'P2']);
    });

    it('give a LastEvaluatedKey when the Limit is reached, even with nothing left, and none when the items ran out', async () => {
      const exact = await byIndex({ Limit: 5 });
      expect(exact.LastEvaluatedKey).toBeDefined();
      expect(await byIndex({ Limit: 5, ExclusiveStartKey: exact.LastEvaluatedKey })).toMatchObject({ Items: [], Count: 0 });
      expect((await byIndex({ Limit: 6 })).LastEvaluatedKey).toBeUndefined();
    });

    it('count Limit before the filter', async () => {
      const page = await byIndex({ Limit: 2, FilterExpression: 'keep = :keep' });
      expect(page).toMatchObject({ Count: 1, ScannedCount: 2 });
      expect(page.Items!.map((i) => i.pk)).toEqual(['P1']);
    });

    it('start after a key whose item is gone', async () => {
      await db.send(new DeleteCommand({ TableName, Key: { pk: 'P2', sk: 'X' } }));
      const page = await byIndex({ ExclusiveStartKey: { pk: 'P2', sk: 'X', gsi1pk: 'G', gsi1sk: '2026-02' } });
      expect(page.Items!.map((i) => i.pk)).toEqual(['P3', 'P4', 'P5']);
    });

    it('refuse a strongly consistent read of a global secondary index', async () => {
      await expect(db.send(new QueryCommand({ TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', ExpressionAttributeValues: { ':g': 'G' }, ConsistentRead: true }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
    });
  });

  it('cancels a transaction as a whole, with a reason per action', async () => {
    await put({ pk: 'JOB', sk: 'A', processed: 10 });
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { pk: 'ROW', sk: '1' } } },
        { Update: { TableName, Key: { pk: 'JOB', sk: 'A' }, UpdateExpression: 'SET processed = :to', ConditionExpression: 'processed = :from', ExpressionAttributeValues: { ':from': 0, ':to': 20 } } },
      ],
    });
    const error = await db.send(transaction).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
    expect((error as Error).message).toContain('[None, ConditionalCheckFailed]');
    expect(aws.getItem('ROW', '1')).toBeUndefined();
    expect(aws.getItem('JOB', 'A')).toMatchObject({ processed: 10 });
    // Two actions on one item are refused outright.
    await expect(
      db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: { pk: 'JOB', sk: 'A' } } }, { Delete: { TableName, Key: { pk: 'JOB', sk: 'A' } } }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('refuses an item over 400 KB, counting names and UTF-8 bytes', async () => {
    const item = (bytes: number) => ({ pk: 'BIG', sk: 'X', body: 'é'.repeat(bytes / 2) });
    const fits = MAX_ITEM_BYTES - itemSize(item(0)) - ((MAX_ITEM_BYTES - itemSize(item(0))) % 2);
    await put(item(fits));
    await expect(put(item(fits + 2))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('maximum allowed size') });
    await expect(
      db.send(new UpdateCommand({ TableName, Key: { pk: 'BIG', sk: 'X' }, UpdateExpression: 'SET more = :m', ExpressionAttributeValues: { ':m': 'xx' } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('faults', () => {
  it('fail the nth matching call of an operation, and only it', async () => {
    aws.fail('PutItem', { nth: 2, when: (input) => String(input.Item.pk).startsWith('AWARD#') });
    await put({ pk: 'AWARD#1', sk: 'A' });
    await put({ pk: 'OTHER', sk: 'A' });
    await expect(put({ pk: 'AWARD#2', sk: 'A' })).rejects.toMatchObject({ name: 'ThrottlingException' });
    await put({ pk: 'AWARD#3', sk: 'A' });
    expect(aws.itemsUnder('AWARD#').map((i) => i.pk)).toEqual(['AWARD#1', 'AWARD#3']);
  });

  it('fail every call from the nth, until cleared; per operation', async () => {
    aws.fail('GetItem', { nth: 2, times: Infinity, error: new Error('DynamoDB is down') });
    await db.send(new GetCommand({ TableName, Key: { pk: 'A', sk: 'B' } }));
    await expect(db.send(new GetCommand({ TableName, Key: { pk: 'A', sk: 'B' } }))).rejects.toThrow('DynamoDB is down');
    await expect(db.send(new GetCommand({ TableName, Key: { pk: 'A', sk: 'B' } }))).rejects.toThrow('DynamoDB is down');
    await put({ pk: 'A', sk: 'B' });
    aws.clearFaults();
    expect((await db.send(new GetCommand({ TableName, Key: { pk: 'A', sk: 'B' } }))).Item).toEqual({ pk: 'A', sk: 'B' });
  });

  it('stall a call until released, letting others pass', async () => {
    let release!: () => void;
    aws.stall('PutObject', { nth: 1, until: new Promise<void>((resolve) => (release = resolve)) });
    let stored = false;
    const slow = s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'slow', Body: 'x' })).then(() => (stored = true));
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'fast', Body: 'y' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([stored, aws.objects.has('fast'), aws.objects.has('slow')]).toEqual([false, true, false]);
    release();
    await slow;
    expect(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'slow' }))).Body!.transformToByteArray()).toString()).toBe('x');
  });
});

describe('the write check', () => {
  it('reports net changes since a mark, ignoring API keys being marked as used', async () => {
    await put({ pk: 'P', sk: '1' });
    const mark = aws.mark();
    await put({ pk: 'TEMP', sk: 'X' });
    await db.send(new DeleteCommand({ TableName, Key: { pk: 'TEMP', sk: 'X' } }));
    await db.send(new UpdateCommand({ TableName, Key: { pk: 'P', sk: '1' }, UpdateExpression: 'SET lastUsedAt = :now', ExpressionAttributeValues: { ':now': 'now' } }));
    expect(aws.changedSince(mark)).toBe('');
    await put({ pk: 'KEPT', sk: 'X', nested: { a: { b: 1 } } });
    expect(aws.changedSince(mark)).toMatch(/^KEPT X: undefined → /);
    const later = aws.mark();
    await put({ pk: 'KEPT', sk: 'X', nested: { a: { b: 2 } } });
    expect(aws.changedSince(later)).toContain('"b":2');
  });
});

describe('the stream', () => {
  it('records each change with its images, in order, and none for a write that changes nothing', async () => {
    const mark = aws.streamMark();
    await put({ pk: 'S', sk: '1', n: 1 });
    await put({ pk: 'S', sk: '1', n: 1 });
    await db.send(new UpdateCommand({ TableName, Key: { pk: 'S', sk: '1' }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': 2 } }));
    await db.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName, Key: { pk: 'S', sk: '1' } } }, { Put: { TableName, Item: { pk: 'T', sk: '1' } } }] }));
    await put({ pk: 'S', sk: '2' }, 'attribute_exists(pk)').catch(() => undefined);
    const records = aws.streamRecords(mark);
    expect(records.map((r) => [r.eventName, r.dynamodb?.Keys?.pk?.S])).toEqual([
      ['INSERT', 'S'],
      ['MODIFY', 'S'],
      ['REMOVE', 'S'],
      ['INSERT', 'T'],
    ]);
    expect(records[1]!.dynamodb).toMatchObject({ OldImage: { n: { N: '1' } }, NewImage: { n: { N: '2' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(records[2]!.dynamodb!.NewImage).toBeUndefined();
    const sequence = records.map((r) => r.dynamodb!.SequenceNumber!);
    expect([...sequence].sort()).toEqual(sequence);
    expect(aws.streamRecords(mark, 'T')).toHaveLength(1);
  });
});

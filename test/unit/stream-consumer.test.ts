// The stream consumer wrapper (functions/stream/consumer.ts) against the in-memory table and its
// stream: records become typed changes; a batch delivered twice has its effects once; a consumer that
// crashes half-way reports the failed record and every later one, and the redelivery from there (as
// Lambda makes it) completes the batch with each effect once; a batch that fails as a whole throws, so
// that Lambda bisects it.
await vi.hoisted(async () => (await import('../support/function-env')).applyEnvironment({ table: 'read-write' }));
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { changeOf } from '../../functions/stream/consumer';
import { handler } from '../support/stream-probe-consumer';
import { PROBE_PREFIX, PROBE_TALLY } from '../support/stream-probe';
import { context } from '../support/events';
import { FakeAws } from '../support/fake-aws';

const aws = new FakeAws();
const deliver = (records: DynamoDBRecord[]) => handler({ Records: records } as DynamoDBStreamEvent, context) as Promise<DynamoDBBatchResponse>;
const applied = (pk: string) => aws.getItem(PROBE_TALLY, pk)?.applied;
const isTransaction = (input: any) => Array.isArray(input?.TransactItems);

/** Writes `n` probe items; the stream records of those writes. */
function probeRecords(n: number, extra: (i: number) => Record<string, unknown> = () => ({})): DynamoDBRecord[] {
  const mark = aws.streamMark();
  for (let i = 0; i < n; i++) aws.putItem({ pk: `${PROBE_PREFIX}${i}`, sk: 'ITEM', n: i, ...extra(i) });
  return aws.streamRecords(mark, PROBE_PREFIX);
}

beforeEach(() => {
  aws.items.clear();
  aws.clearFaults();
});

describe('stream records as typed changes', () => {
  it('unmarshals keys and both images, with the event, id, sequence and time', () => {
    const mark = aws.streamMark();
    aws.putItem({ pk: 'PROBE#a', sk: 'ITEM', tags: ['x'], nested: { n: 1 } });
    aws.putItem({ pk: 'PROBE#a', sk: 'ITEM', tags: ['y'], nested: { n: 2 } });
    const [insert, modify] = aws.streamRecords(mark).map(changeOf);
    expect(insert).toMatchObject({ name: 'INSERT', keys: { pk: 'PROBE#a', sk: 'ITEM' }, newImage: { tags: ['x'], nested: { n: 1 } } });
    expect(insert!.oldImage).toBeUndefined();
    expect(modify).toMatchObject({ name: 'MODIFY', oldImage: { tags: ['x'] }, newImage: { tags: ['y'], nested: { n: 2 } } });
    expect(modify!.eventId).not.toBe(insert!.eventId);
    expect(modify!.sequenceNumber > insert!.sequenceNumber).toBe(true);
    expect(modify!.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a record without its keys or sequence number', () => {
    expect(() => changeOf({ eventID: 'e', eventName: 'INSERT', dynamodb: {} } as DynamoDBRecord)).toThrow(/keys/);
  });
});

describe('each effect once, however often a record comes', () => {
  it('a batch delivered twice (a replay) changes nothing the second time', async () => {
    const records = probeRecords(5);
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    const mark = aws.mark();
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    expect(aws.changedSince(mark)).toBe('');
    for (let i = 0; i < 5; i++) expect(applied(`${PROBE_PREFIX}${i}`)).toBe(1);
  });

  it('a crash half-way through a batch: the failed record and the rest are reported, and the redelivery does each once', async () => {
    const records = probeRecords(6);
    // The third record's write fails (throttled) after the first two were applied.
    aws.fail('TransactWriteItems', { nth: 3, when: isTransaction });
    const first = await deliver(records);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(2).map((r) => r.dynamodb!.SequenceNumber));
    expect([0, 1, 2, 3, 4, 5].map((i) => applied(`${PROBE_PREFIX}${i}`))).toEqual([1, 1, undefined, undefined, undefined, undefined]);
    // Lambda delivers again from the first failed record; a later replay of the whole batch changes nothing.
    expect(await deliver(records.slice(2))).toEqual({ batchItemFailures: [] });
    const mark = aws.mark();
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    expect(aws.changedSince(mark)).toBe('');
    expect([0, 1, 2, 3, 4, 5].map((i) => applied(`${PROBE_PREFIX}${i}`))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('records after a failed one are not attempted, so one item\'s changes keep their order', async () => {
    const records = probeRecords(4, (i) => (i === 1 ? { fail: true } : {}));
    const answer = await deliver(records);
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(1).map((r) => r.dynamodb!.SequenceNumber));
    expect(applied(`${PROBE_PREFIX}2`)).toBeUndefined();
    expect(applied(`${PROBE_PREFIX}3`)).toBeUndefined();
  });

  it('a batch that fails as a whole throws, so that Lambda bisects it', async () => {
    const records = probeRecords(2, () => ({ fail: true }));
    await expect(deliver(records)).rejects.toThrow(/All records failed/);
  });
});

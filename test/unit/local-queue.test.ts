// The local stand-in for the import queue: the AWS SDK's own SQS client talks to it, it delivers like
// Lambda's SQS event source for a FIFO queue (one message of a group at a time, in order; a failure
// comes back after its visibility timeout, the last one goes to the dead-letter folder), and what it
// has not delivered survives a restart.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../local/child-process';
import { startLocalQueue, type LocalQueue } from '../../local/queue';

const NAME = 'city-test-imports.fifo';
const started: LocalQueue[] = [];
afterEach(async () => {
  for (const queue of started.splice(0)) await queue.stop();
});

async function queueIn(dir: string, port?: number) {
  const queue = await startLocalQueue(port ?? (await freePort()), dir, NAME);
  started.push(queue);
  const client = new SQSClient({ endpoint: queue.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const send = (body: string, group: string, deduplicationId = `${group}-${body}`) =>
    client.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: deduplicationId }));
  return { queue, client, send };
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the local import queue', () => {
  it("answers the SDK's SendMessage (its MD5 check included), drops a repeated deduplication id, and refuses what it does not do", async () => {
    const { queue, client, send } = await queueIn(mkdtempSync(join(tmpdir(), 'queue-')));
    const first = await send('{"importId":"a"}', 'a', 'a-0');
    expect(first.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await send('{"importId":"a"}', 'a', 'a-0')).MessageId).toBe(first.MessageId);
    expect(queue.depth()).toBe(1);
    await expect(client.send(new GetQueueUrlCommand({ QueueName: NAME }))).rejects.toThrow(/does not implement AmazonSQS.GetQueueUrl/);
    await expect(client.send(new SendMessageCommand({ QueueUrl: `${queue.endpoint}/000000000000/other.fifo`, MessageBody: 'x', MessageGroupId: 'g' }))).rejects.toThrow(
      /queue does not exist/,
    );
  });

  it('delivers a group one message at a time, in order, and other groups alongside', async () => {
    const { queue, send } = await queueIn(mkdtempSync(join(tmpdir(), 'queue-')));
    const seen: string[] = [];
    let inA = 0;
    let maxInA = 0;
    queue.consume(
      async (event: SQSEvent) => {
        const record = event.Records[0]!;
        if (record.attributes.MessageGroupId === 'a') maxInA = Math.max(maxInA, ++inA);
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(record.body);
        if (record.attributes.MessageGroupId === 'a') inA--;
        return { batchItemFailures: [] };
      },
      { timeoutSeconds: 60, maxReceives: 3, concurrency: 4 },
    );
    for (const body of ['a1', 'a2', 'a3']) await send(body, 'a');
    await send('b1', 'b');
    await until(() => seen.length === 4);
    expect(seen.filter((b) => b.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(maxInA).toBe(1);
    expect(queue.depth()).toBe(0);
  });

  it('delivers a failed message again after the visibility the handler sets, counting receives, then dead-letters it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-'));
    const { queue, client, send } = await queueIn(dir);
    const receives: string[] = [];
    queue.consume(
      async (event: SQSEvent) => {
        const record = event.Records[0]!;
        receives.push(record.attributes.ApproximateReceiveCount);
        await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: 0 }));
        if (record.body === 'throws') throw new Error('boom');
        return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
      },
      { timeoutSeconds: 60, maxReceives: 3, onError: () => undefined },
    );
    await send('fails', 'a');
    await send('throws', 'b');
    await until(() => receives.length === 6);
    await until(() => queue.depth() === 0);
    expect(receives.sort()).toEqual(['1', '1', '2', '2', '3', '3']);
    expect(readdirSync(join(dir, NAME, 'dead-letter'))).toHaveLength(2);
  });

  it('keeps undelivered messages across a restart, and gives the worker its remaining time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-'));
    const first = await queueIn(dir);
    await first.send('kept', 'a');
    await first.queue.stop();
    started.length = 0;

    const second = await queueIn(dir);
    const delivered: { body: string; remaining: number }[] = [];
    second.queue.consume(
      async (event, context) => {
        delivered.push({ body: event.Records[0]!.body, remaining: context.getRemainingTimeInMillis() });
        return { batchItemFailures: [] };
      },
      { timeoutSeconds: 120, maxReceives: 3 },
    );
    await until(() => delivered.length === 1);
    expect(delivered[0]!.body).toBe('kept');
    expect(delivered[0]!.remaining).toBeGreaterThan(119_000);
    await until(() => second.queue.depth() === 0);
    expect(readdirSync(join(dir, NAME)).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('tells a running worker its time is up when the city stops, and waits for it to queue the rest', async () => {
    const { queue, send } = await queueIn(mkdtempSync(join(tmpdir(), 'queue-')));
    let stopSeen = false;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (release = resolve));
    queue.consume(
      async (_event, context) => {
        release();
        while (context.getRemainingTimeInMillis() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        stopSeen = true;
        await send('the rest', 'a');
        return { batchItemFailures: [] };
      },
      { timeoutSeconds: 120, maxReceives: 3 },
    );
    await send('job', 'a');
    await running;
    await queue.stop();
    started.length = 0;
    expect(stopSeen).toBe(true);
    expect(queue.depth()).toBe(1);
  });
});

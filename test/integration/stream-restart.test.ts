// The local city's event stream across restarts: DynamoDB Local's stream feeds the consumers (here the
// test probe, test/support/stream-probe.ts), each record once in effect, and a city that stops part-way
// through the stream carries on from its checkpoints when it starts again. A crash between a batch's
// effects and its checkpoint is stood for by putting back an older checkpoint file: the records since
// are delivered again and change nothing. A record the consumer keeps failing ends in the dead-letter
// folder after the bounded retries, and the records behind it are not held up.
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { streamDelivery } from '../../definitions/consumers';
import { startLocalCity, type LocalCity } from '../../local/city';
import { freePort, tempDataDir } from '../../local/child-process';
import { PROBE_PREFIX, PROBE_TALLY, probeConsumer } from '../support/stream-probe';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const TOTAL = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(ports: { port: number; dynamoDbPort: number; s3Port: number; sqsPort: number; mailPort: number; signInPort: number }): Promise<LocalCity> {
  return startLocalCity({ cityId: 'demo', ...ports, dataDir, logLevel: 'ERROR', accessLog: false, consumers: { probe: probeConsumer } });
}

const client = (dynamoDbPort: number) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: `http://127.0.0.1:${dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));

async function tallies(db: DynamoDBDocumentClient): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: 'city-demo', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PROBE_TALLY }, ExclusiveStartKey }));
    for (const item of page.Items ?? []) found.set(String(item.sk), Number(item.applied));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

describe('the local event stream across a restart', () => {
  it('loses nothing and applies nothing twice, even when a checkpoint was lost', async () => {
    const ports = { port: await freePort(), dynamoDbPort: await freePort(), s3Port: await freePort(), sqsPort: await freePort(), mailPort: await freePort(), signInPort: await freePort() };
    const checkpoint = join(dataDir, 'demo', 'stream', 'probe.json');
    let city = await start(ports);
    let db = client(ports.dynamoDbPort);
    try {
      for (let i = 0; i < TOTAL; i += 25) {
        const items = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { pk: `${PROBE_PREFIX}${i + j}`, sk: 'ITEM', n: i + j } } }));
        await db.send(new BatchWriteCommand({ RequestItems: { 'city-demo': items } }));
      }
      // Keep a checkpoint from early on, to put back later as if the city had crashed before writing the next ones.
      const early = `${checkpoint}.early`;
      for (;;) {
        const applied = (await tallies(db)).size;
        if (applied >= 20) {
          copyFileSync(checkpoint, early);
          break;
        }
        await sleep(50);
      }
      let applied = 0;
      while ((applied = (await tallies(db)).size) < 60) await sleep(50);
      db.destroy();
      await city.stop();
      // Stopped part-way through the stream.
      expect(applied).toBeLessThan(TOTAL);
      copyFileSync(early, checkpoint);

      city = await start(ports);
      db = client(ports.dynamoDbPort);
      const deadline = Date.now() + 120_000;
      while ((await tallies(db)).size < TOTAL && Date.now() < deadline) await sleep(250);
      await city.streamDrained();
      const after = await tallies(db);
      expect(after.size).toBe(TOTAL);
      expect([...after.values()].filter((applied) => applied !== 1)).toEqual([]);

      // A record the consumer always fails on: retried a bounded number of times, then dead-lettered; the next record still arrives.
      await db.send(new PutCommand({ TableName: 'city-demo', Item: { pk: `${PROBE_PREFIX}poison`, sk: 'ITEM', fail: true } }));
      await db.send(new PutCommand({ TableName: 'city-demo', Item: { pk: `${PROBE_PREFIX}behind`, sk: 'ITEM' } }));
      const until = Date.now() + 60_000;
      while (!(await tallies(db)).has(`${PROBE_PREFIX}behind`) && Date.now() < until) await sleep(250);
      expect((await tallies(db)).get(`${PROBE_PREFIX}behind`)).toBe(1);
      const deadLetters = join(dataDir, 'demo', 'stream', 'dead-letter', 'probe');
      const [letter] = readdirSync(deadLetters).map((name) => JSON.parse(readFileSync(join(deadLetters, name), 'utf8')) as Record<string, any>);
      expect(letter).toMatchObject({ consumer: 'probe', attempts: streamDelivery.maxRetries + 1 });
      expect(letter!.record.dynamodb.Keys.pk.S).toBe(`${PROBE_PREFIX}poison`);
    } finally {
      db.destroy();
      await city.stop();
    }
  }, 600_000);
});

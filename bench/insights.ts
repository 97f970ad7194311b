// Insights on the local city (BENCH=insights). (1) Consumer throughput: the insights consumer's handler,
// in this process against the city's DynamoDB Local, given batches of award INSERT records (the
// consumer's batch size, one batch after another as Lambda runs one shard), each a new award of a class
// naming two skills, dated in a year the dashboard timing below never reads; events per second until
// all are counted, checked exact against the counters. (2) Dashboard read with 20,000 and then
// 1,000,000 counted awards: the service's read (insightsView) in process and GET /insights over HTTP,
// each beside a bare GetItem and a bare Query of the same run, interleaved so all see the same load.
//
// Why counters and not awards: the dashboard reads only counter items (one per cell and shard, never
// one per award), so what its reads cost depends on how many cells exist, not on how many awards were
// counted into them. A million real awards cannot be made on this machine (an award through the API is
// several writes and a signature; ~4/s here), nor counted through the consumer's transactions (a few
// hundred a second at best). So the demo's generator (local/demo-activity.ts, as `npm run demo:data`)
// makes 20,000 and then 1,000,000 awards' attributions, the domain (awardCounterAdds, learnerCells)
// turns each into exactly the counter cells, periods and shards the consumer adds to, and the items the
// dashboard's Queries reach (counterItems) are written straight into the table with BatchWriteItem (the
// stream off: no consumer wants them). Their
// values are sums of those adds: exact for awards; for distinct learners the number of adds (an upper
// bound), which is one number in the same item, so it costs a read nothing different.
// BENCH_INSIGHTS_SIZES=20000 (or 1000000) runs one size only; BENCH_INSIGHTS_EVENTS sets the events of (1).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { cityEnvironment } from '../definitions/city-env';
import { streamConsumers } from '../definitions/consumers';
import { consumerGrants, grantedEnvironment, groupGrants, localResourceEnvironments } from '../definitions/function-grants';
import { awardCounterAdds, cellKey, learnerCells, type Cell, type Period } from '../functions/domain/insights';
import { loadCityConfig } from '../local/city';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { demoAttributions } from '../local/demo-activity';
import { loadLocalSecrets } from '../local/secrets';
import { httpRequest } from './http';
import { report, summarise } from './stats';

const TABLE = 'city-demo';
const SIZES = (process.env.BENCH_INSIGHTS_SIZES ?? '20000,1000000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_INSIGHTS_EVENTS ?? 50);
/** A year no dashboard read below touches, for the consumer's awards. */
const CONSUMER_YEAR = '2019';
const WARMUP = 2;
const SAMPLES = 15;
const CONCURRENCY = 12;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

type Db = DynamoDBDocumentClient;

/**
 * The counter items `awards` demo awards make (key `pk\u0000sk` → n), as the consumer would add them,
 * of those the timed dashboard read (`period`, a year, and its months' trend) reaches: the year's
 * partitions whole and each month's trend cells. The rest (all time; the months' other cells, up to
 * 40,000 a month at a million awards) is not loaded: a Query reads one partition's key range, so items
 * outside it cost it nothing, and loading them would take this machine most of an hour.
 */
function counterItems(awards: number, period: Period): Map<string, number> {
  const config = loadCityConfig('demo');
  const items = new Map<string, number>();
  const add = (p: string, shard: number, cell: Cell) => {
    if (p !== period && !(p.startsWith(`M${period.slice(1)}-`) && cell.dimension === 'total')) return;
    const key = `INSIGHTS#${p}#${shard}\u0000${cellKey(cell)}`;
    items.set(key, (items.get(key) ?? 0) + 1);
  };
  // Five awards a learner on average, as the demo's default (20,000 awards of 4,000 learners).
  for (const a of demoAttributions(config, { awards, learners: Math.round(awards / 5), now: new Date() })) {
    for (const { period: p, shard, cell } of awardCounterAdds(a, 1)) add(p, shard, cell);
    for (const { period: p, shard, cell } of learnerCells(a)) add(p, shard, cell);
  }
  return items;
}

/** Makes the table hold exactly `next` (writing what changed, deleting what `previous` had beyond it). */
async function loadCounters(db: Db, previous: Map<string, number>, next: Map<string, number>): Promise<number> {
  const requests: Record<string, unknown>[] = [];
  for (const [key, n] of next) {
    if (previous.get(key) === n) continue;
    const [pk, sk] = key.split('\u0000');
    requests.push({ PutRequest: { Item: { pk, sk, n } } });
  }
  for (const key of previous.keys()) {
    if (next.has(key)) continue;
    const [pk, sk] = key.split('\u0000');
    requests.push({ DeleteRequest: { Key: { pk, sk } } });
  }
  let next_ = 0;
  const worker = async () => {
    while (next_ < requests.length) {
      let pending = requests.slice(next_, next_ + 25);
      next_ += 25;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending as never } }));
        pending = (result.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return requests.length;
}

/** An award INSERT record as DynamoDB Streams delivers it (the fields the consumer reads). */
function awardRecord(badgeClassId: string, recipientKey: string, n: number): DynamoDBRecord {
  const id = randomBytes(12).toString('hex');
  const keys = { pk: `AWARD#${id}`, sk: 'AWARD' };
  const image = { ...keys, id, badgeClassId, gsi3pk: `RECIPIENT#${recipientKey}`, issuerId: 'central-library', issuedOn: `${CONSUMER_YEAR}-0${1 + (n % 9)}-15T10:00:00.000Z`, revoked: false };
  return {
    eventID: randomBytes(16).toString('hex'),
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall(keys) as never,
      NewImage: marshall(image) as never,
      SequenceNumber: String(1e20 + n),
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

async function benchConsumer(db: Db, badgeClassId: string): Promise<boolean> {
  const { handler } = await import('../functions/insights/consumer');
  const { readCounters } = await import('../functions/data/insights');
  const batchSize = streamConsumers.insights.batchSize;
  // A learner earns a few: about one record in three is a learner already counted in the cell.
  const learners = Array.from({ length: Math.ceil(EVENTS / 3) }, () => randomBytes(16).toString('hex'));
  const records = Array.from({ length: EVENTS }, (_, n) => awardRecord(badgeClassId, learners[n % learners.length]!, n));
  const context = { functionName: 'insights', awsRequestId: 'bench' } as Context;
  const loadBefore = load();
  // The bare baseline: a one-item transaction, the smallest write the consumer makes, timed alone.
  const transactions: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await db.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: TABLE, Key: { pk: 'BENCH#INSIGHTS', sk: 'TX' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }] }));
    transactions.push(performance.now() - t);
  }
  const started = performance.now();
  for (let i = 0; i < records.length; i += batchSize) {
    const result = await handler({ Records: records.slice(i, i + batchSize) }, context);
    if (result.batchItemFailures.length) throw new Error(`the consumer failed ${result.batchItemFailures.length} records of a batch`);
  }
  const seconds = (performance.now() - started) / 1000;
  const counted = [...(await readCounters(`Y${CONSUMER_YEAR}` as Period, ['A|total|all|'])).values()].reduce((a, b) => a + b, 0);
  if (counted !== EVENTS) throw new Error(`counted ${counted} awards of ${EVENTS}`);
  const rate = EVENTS / seconds;
  const tx = summarise(transactions);
  console.log(`        consumer: ${EVENTS} award events in batches of ${batchSize}, one batch at a time, in ${seconds.toFixed(1)} s; all ${counted} counted exactly`);
  console.log(`        consumer: load average ${loadBefore} before, ${load()} after (1, 5, 15 min; 2 cores)`);
  console.log(`        baseline: a bare one-item TransactWriteItems p50 ${tx.p50.toFixed(2)} ms (${(1000 / tx.p50).toFixed(0)}/s one at a time); an award event makes ~8 reads one after another (its attribution, learner, class, skills, opportunity), a Put, one BatchGetItem and 2 transactions (at once)`);
  return report('insights consumer throughput (local)', `${rate.toFixed(1)} events/s`, '>= 150/s (the award target)', rate >= 150);
}

type Timing = Record<'getItem' | 'query' | 'service' | 'http', { p50: number; p99: number }> & { timeouts: number };

async function measure(db: Db, url: string, adminKey: string, period: Period): Promise<Timing> {
  const { insightsView } = await import('../functions/services/insights');
  const samples: Record<Exclude<keyof Timing, 'timeouts'>, number[]> = { getItem: [], query: [], service: [], http: [] };
  const month = `M${period.slice(1)}-06`;
  let timeouts = 0;
  const steps: Record<keyof typeof samples, () => Promise<unknown>> = {
    getItem: async () => {
      const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'INSIGHTS#CONFIG', sk: 'CONFIG' } }));
      if (!Item) throw new Error('the insights config is missing');
    },
    query: () => db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': `INSIGHTS#${month}#0`, ':p': 'A|total|all|' } })),
    service: () => insightsView({ period }, { kind: 'city' }, new Date()),
    http: async () => {
      const { status, body } = await httpRequest(`${url}/insights?period=${period}`, { headers: { authorization: `Bearer ${adminKey}`, accept: 'text/html' } });
      // A 503 is the function's timeout (10 s, as in Lambda): counted, and its time kept as a sample.
      if (status === 503) timeouts++;
      else if (status !== 200) throw new Error(`GET /insights answered ${status}: ${body.slice(0, 200)}`);
    },
  };
  for (let i = 0; i < WARMUP; i++) for (const step of Object.values(steps)) await step();
  for (let i = 0; i < SAMPLES; i++) {
    for (const [name, step] of Object.entries(steps) as [keyof typeof samples, () => Promise<unknown>][]) {
      const t = performance.now();
      await step();
      samples[name].push(performance.now() - t);
    }
  }
  return { getItem: summarise(samples.getItem), query: summarise(samples.query), service: summarise(samples.service), http: summarise(samples.http), timeouts };
}

export async function benchInsights(): Promise<boolean> {
  const dataDir = tempDataDir();
  // The benchmark is run on a loaded machine too: the city may take minutes to start.
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN', ACCESS_LOG: 'false' }, readyTimeoutMs: 600_000 });
  const printed = (label: string) => new RegExp(`${label}\\s+(col_\\S+)`).exec(city.output())![1]!;
  const adminKey = printed('City admin');
  const providerKey = printed('Provider central-library');
  const config = loadCityConfig('demo');
  const secrets = loadLocalSecrets(join(dataDir, 'demo', 'secrets.json'));
  Object.assign(process.env, {
    ...cityEnvironment(config, city.url),
    ...grantedEnvironment(
      { ...groupGrants('insights'), ...consumerGrants(streamConsumers.insights) },
      localResourceEnvironments({ tableName: TABLE, bucketName: `city-${config.id}-badges`, citySecret: secrets.citySecret, signingKeyPem: secrets.signingKeyPem, importQueueUrl: '', mailFrom: '', mailConfigurationSet: '', oidcIssuer: '', oidcClientId: '', userPoolId: '' }),
    ),
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${city.ports.dynamoDbPort}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    let allMet = true;
    const { status, body } = await httpRequest(`${city.url}/badge-classes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench insights', description: 'Counted by the insights benchmark.', criteria: { narrative: 'Do it.' }, alignments: [{ skillId: 'coding' }, { skillId: 'teamwork' }] }),
    });
    if (status >= 300) throw new Error(`POST /badge-classes: ${status} ${body.slice(0, 300)}`);
    allMet = (await benchConsumer(db, (JSON.parse(body) as { id: string }).id)) && allMet;

    await db.send(new UpdateTableCommand({ TableName: TABLE, StreamSpecification: { StreamEnabled: false } }));
    console.log('        counters: BatchWriteItem straight into DynamoDB Local (not through the consumer), the table stream off');
    const period = `Y${new Date().getUTCFullYear()}` as Period;
    const runs: Record<number, Timing> = {};
    let loaded = new Map<string, number>();
    for (const awards of SIZES) {
      let t = performance.now();
      const items = counterItems(awards, period);
      const made = (performance.now() - t) / 1000;
      t = performance.now();
      const written = await loadCounters(db, loaded, items);
      loaded = items;
      const read = [...items.keys()].filter((k) => k.startsWith(`INSIGHTS#${period}#`)).length;
      console.log(`        ${awards} awards: ${items.size} counter items the dashboard reads (${read} of ${period}, read whole; ${items.size - read} of its months' trend cells), made in ${made.toFixed(0)} s, ${written} written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      const loadBefore = load();
      runs[awards] = await measure(db, city.url, adminKey, period);
      const f = runs[awards]!;
      console.log(`        ${awards}: load average ${loadBefore} before, ${load()} after timing (1, 5, 15 min; 2 cores); n=${SAMPLES} each`);
      console.log(`        ${awards}: bare GetItem p50 ${f.getItem.p50.toFixed(2)} ms, p99 ${f.getItem.p99.toFixed(2)} ms; bare Query (one shard, one cell prefix) p50 ${f.query.p50.toFixed(2)} ms, p99 ${f.query.p99.toFixed(2)} ms`);
      console.log(`        ${awards}: dashboard service read (in process) p50 ${f.service.p50.toFixed(1)} ms, p99 ${f.service.p99.toFixed(1)} ms; GET /insights (HTTP) p50 ${f.http.p50.toFixed(1)} ms, p99 ${f.http.p99.toFixed(1)} ms (${f.timeouts} of ${SAMPLES + WARMUP} timed out at 10 s)`);
      allMet = report(`GET /insights within its 10 s timeout (${awards})`, `${f.timeouts} of ${SAMPLES + WARMUP} timed out`, 'none', f.timeouts === 0) && allMet;
    }
    const small = runs[20_000];
    const large = runs[1_000_000];
    if (small && large) {
      for (const [name, key] of [['dashboard service read', 'service'], ['GET /insights', 'http']] as const) {
        const growth = large[key].p50 / small[key].p50;
        allMet = report(`${name} p50 1M / 20k awards`, `${growth.toFixed(2)}x (${large[key].p50.toFixed(0)} / ${small[key].p50.toFixed(0)} ms)`, '<= 1.2x (flat)', growth <= 1.2) && allMet;
      }
    } else allMet = report('dashboard 1M / 20k awards', 'not run', 'BENCH_INSIGHTS_SIZES with both 20000 and 1000000', false) && allMet;
    return allMet;
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchInsights();
  (await import('./http')).agent.destroy();
}

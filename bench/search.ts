// Directory search on the local city with 10,000 and then 100,000 published opportunities, bulk-loaded
// straight into DynamoDB Local with exactly the items a publish writes (listedItems), spread over a
// 24 × 24 km city. Each search is timed beside a bare GetItem of an opportunity and a bare Query of one page
// of 20 cards (the floor of a search answered by one Query), interleaved so that all see
// the same load; so is an opportunity's page (the portal's render). Targets: search p50 <= 3x GetItem at
// 10k, the 100k figure <= 1.2x the 10k one, page render p50 <= 1.5x GetItem.
//
// Why not through the API: a publish is one transaction of ~13 items (the opportunity and its index
// items); DynamoDB Local writes some hundreds of items a second on disk on this shared machine, so even
// batch writes took most of an hour for 100k (1.3 million items). The bench's city keeps its table in
// memory (DYNAMODB_IN_MEMORY: about four times faster to write, 114 opportunities/s against 24 on disk in
// a trial at a load average of 2), and the table's stream is switched off for the load: no stream
// consumer wants opportunity items (their key filters), and DynamoDB Local recording 1.3 million stream
// records, which the local poller then reads, slowed the load (by a quarter in a trial) and went on
// loading the machine while searches were timed. BENCH_SEARCH_SIZES=10000 runs the first size only;
// BENCH_SEARCH_PAGE_ONLY=true times the opportunity page alone (beside GetItem), not the searches.
//
// The bench's words come in fixed pairings: "robot workshop" is in no opportunity (the worst case, read
// up to the per-request cap), "robot art" in one in 10.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { randomId } from '../functions/domain/ids';
import { NewOpportunitySchema, OPPORTUNITY_ID_LENGTH, OPPORTUNITY_KINDS, spanOf, type Opportunity } from '../functions/domain/opportunities';
import { cardOf, opportunityTerms } from '../functions/domain/opportunity-search';
import { httpRequest } from './http';
import { report, summarise } from './stats';

const TABLE = 'city-demo';
const CENTRE = { lat: 52.4797, lng: -1.9027 };
const SKILLS = ['communication', 'teamwork', 'problem-solving', 'creativity', 'resilience', 'digital-literacy', 'coding', 'digital-making', 'online-safety', 'sustainability', 'enterprise'];
const WORDS = ['club', 'workshop', 'course', 'garden', 'robot', 'music', 'art', 'design', 'repair', 'history', 'science', 'film', 'photo', 'sport', 'coding', 'maker', 'drama', 'dance', 'cooking', 'writing'];
const WARMUP = 40;
const SAMPLES = 200;
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,100000').split(',').map(Number);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const CONCURRENCY = 12;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PAGE_ONLY = process.env.BENCH_SEARCH_PAGE_ONLY === 'true';

const SEARCHES = {
  'soonest, no filter': '/opportunities?limit=20',
  'by skill': '/opportunities?skill=coding&limit=20',
  'words (2)': '/opportunities?q=robot%20workshop&limit=20',
  'words (2), 1 in 10 match': '/opportunities?q=robot%20art&limit=20',
  'nearest within 5 km': `/opportunities?near=${CENTRE.lat},${CENTRE.lng}&radiusKm=5&sort=nearest&limit=20`,
  'skill + age + free, soonest': '/opportunities?skill=teamwork&age=12&free=true&limit=20',
} as const;

let seq = 0;
function benchOpportunity(): Opportunity {
  const n = seq++;
  const pick = <T>(list: readonly T[], salt: number) => list[(n * 7919 + salt * 104729) % list.length]!;
  const startDay = 1 + ((n * 31) % 180);
  const start = new Date(Date.now() + startDay * 86_400_000);
  const end = new Date(start.getTime() + 2 * 3600_000);
  const parsed = NewOpportunitySchema.parse({
    title: `${pick(WORDS, 1)} ${pick(WORDS, 2)} ${n}`,
    description: `A ${pick(WORDS, 3)} session for the ${pick(WORDS, 4)} group.`,
    kind: pick(OPPORTUNITY_KINDS, 5),
    skills: [{ skillId: pick(SKILLS, 6) }],
    ageRange: { min: 8 + (n % 10) },
    cost: n % 3 ? { type: 'free' } : { type: 'paid', price: 5, currency: 'GBP' },
    schedule: { type: 'sessions', sessions: [{ start: start.toISOString(), end: end.toISOString() }] },
    place: {
      mode: 'in-person',
      venue: {
        name: `Venue ${n % 500}`,
        streetAddress: '1 High Street',
        locality: 'Bench City',
        postcode: 'BC1 1AA',
        latitude: CENTRE.lat + (((n * 48271) % 10000) / 10000 - 0.5) * (24 / 111.32),
        longitude: CENTRE.lng + (((n * 16807) % 10000) / 10000 - 0.5) * (24 / 67.8),
      },
    },
    takePart: { justTurnUp: true },
  });
  const { providerId: _none, ...fields } = parsed;
  const now = new Date().toISOString();
  return { ...fields, id: randomId(OPPORTUNITY_ID_LENGTH), providerId: 'central-library', status: 'published', ...spanOf(parsed.schedule), createdAt: now, updatedAt: now };
}

async function bulkLoad(db: DynamoDBDocumentClient, count: number): Promise<string> {
  // The data module reads its table name at import.
  process.env.TABLE_NAME ??= TABLE;
  const { listedItems } = await import('../functions/data/opportunities');
  let first = '';
  const CHUNK = 2000;
  const started = performance.now();
  for (let done = 0; done < count; done += CHUNK) {
    const items: Record<string, unknown>[] = [];
    for (let i = done; i < Math.min(count, done + CHUNK); i++) {
      const o = benchOpportunity();
      first ||= o.id;
      items.push(...listedItems(o, cardOf(o, 'Central Library', opportunityTerms(o, [o.skills[0]!.skillId]))));
    }
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        let pending = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
        next += 25;
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
          const result = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
          pending = (result.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const written = Math.min(count, done + CHUNK);
    if (written % 10_000 === 0 || written === count) {
      const seconds = (performance.now() - started) / 1000;
      console.log(`        ... ${written} of ${count} written (${(written / seconds).toFixed(0)} opportunities/s, load average ${load()})`);
    }
  }
  return first;
}

type Summary = ReturnType<typeof summarise>;
type Figures = Record<string, Summary>;

async function measure(base: string, db: DynamoDBDocumentClient, opportunityId: string): Promise<{ figures: Figures; getItem: Summary; query: Summary }> {
  const bare: number[] = [];
  const bareQuery: number[] = [];
  const samples: Record<string, number[]> = {};
  const paths: Record<string, { path: string; accept?: string; userAgent?: string }> = {
    ...(PAGE_ONLY ? {} : Object.fromEntries(Object.entries(SEARCHES).map(([name, path]) => [name, { path }]))),
    'opportunity page (HTML)': { path: `/opportunities/${opportunityId}`, accept: 'text/html' },
    // A browser's view is counted for the funnel (an UpdateItem ADD after the read); the bench's own
    // requests, with no User-Agent, count as a robot's and are not.
    'opportunity page, counted': { path: `/opportunities/${opportunityId}`, accept: 'text/html', userAgent: BROWSER },
  };
  const getItem = async () => {
    const t = performance.now();
    const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: `OPPORTUNITY#${opportunityId}`, sk: 'OPPORTUNITY' } }));
    if (!Item) throw new Error('the loaded opportunity is missing');
    return performance.now() - t;
  };
  // The floor of a search that answers from one Query: a page of 20 cards from the directory's listing
  // partition (the soonest search's), read bare, with nothing of ours around it.
  const queryPage = async () => {
    const t = performance.now();
    const { Items } = await db.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': 'OPPS#LISTED' }, Limit: 20 }),
    );
    if (Items?.length !== 20) throw new Error('the listing partition answered no full page');
    return performance.now() - t;
  };
  const call = async ({ path, accept, userAgent }: { path: string; accept?: string; userAgent?: string }) => {
    const t = performance.now();
    const headers = { ...(accept ? { accept } : {}), ...(userAgent ? { 'user-agent': userAgent } : {}) };
    const { status, body } = await httpRequest(`${base}${path}`, { headers });
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 200)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < WARMUP; i++) for (const p of Object.values(paths)) await call(p);
  for (let i = 0; i < SAMPLES; i++) {
    bare.push(await getItem());
    bareQuery.push(await queryPage());
    for (const [name, p] of Object.entries(paths)) (samples[name] ??= []).push(await call(p));
  }
  return { figures: Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)])), getItem: summarise(bare), query: summarise(bareQuery) };
}

export async function benchSearch(): Promise<boolean> {
  const dataDir = tempDataDir();
  // The benchmark is run on a loaded machine too: the city may take minutes to start.
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN', ACCESS_LOG: 'false', DYNAMODB_IN_MEMORY: 'true' }, readyTimeoutMs: 600_000 });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    let allMet = true;
    const runs: Record<number, Awaited<ReturnType<typeof measure>>> = {};
    let loaded = 0;
    let sample = '';
    await db.send(new UpdateTableCommand({ TableName: TABLE, StreamSpecification: { StreamEnabled: false } }));
    console.log('        bulk load: BatchWriteItem straight into DynamoDB Local (not through the API), the table stream off');
    for (const total of SIZES) {
      const t = performance.now();
      sample ||= await bulkLoad(db, total - loaded);
      if (loaded) await bulkLoad(db, total - loaded);
      console.log(`        loaded ${total - loaded} opportunities in ${((performance.now() - t) / 1000).toFixed(0)} s (${total} in the directory)`);
      loaded = total;
      const loadBefore = load();
      runs[total] = await measure(city.url, db, sample);
      const { figures, getItem, query } = runs[total]!;
      console.log(`        ${total}: load average ${loadBefore} before, ${load()} after timing (1, 5, 15 min; 2 cores)`);
      console.log(`        ${total}: bare GetItem p50 ${getItem.p50.toFixed(2)} ms, p99 ${getItem.p99.toFixed(2)} ms (n=${SAMPLES}); bare Query of a page of 20 cards p50 ${query.p50.toFixed(2)} ms (${(query.p50 / getItem.p50).toFixed(2)}x GetItem), p99 ${query.p99.toFixed(2)} ms`);
      for (const [name, f] of Object.entries(figures)) console.log(`        ${total}: ${name.padEnd(28)} p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`);
    }
    const small = runs[10_000]!;
    const large = runs[100_000];
    for (const name of PAGE_ONLY ? [] : Object.keys(SEARCHES)) {
      const ratio = small.figures[name]!.p50 / small.getItem.p50;
      const overQuery = small.figures[name]!.p50 / small.query.p50;
      allMet = report(`search ${name} p50 / GetItem (10k)`, `${ratio.toFixed(2)}x (${overQuery.toFixed(2)}x a bare Query of a page)`, '<= 3x', ratio <= 3) && allMet;
      if (!large) continue;
      const growth = large.figures[name]!.p50 / small.figures[name]!.p50;
      allMet = report(`search ${name} p50 100k / 10k`, `${growth.toFixed(2)}x`, '<= 1.2x', growth <= 1.2) && allMet;
    }
    if (!large) allMet = report('search at 100k', 'not run', 'BENCH_SEARCH_SIZES without 100000', false) && allMet;
    const page = small.figures['opportunity page (HTML)']!.p50 / small.getItem.p50;
    allMet = report('opportunity page p50 / GetItem (10k)', `${page.toFixed(2)}x`, '<= 1.5x', page <= 1.5) && allMet;
    const counted = small.figures['opportunity page, counted']!.p50 / small.getItem.p50;
    console.log(`        opportunity page with its view counted p50 / GetItem (10k): ${counted.toFixed(2)}x (no target of its own)`);
    return allMet;
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSearch();
  (await import('./http')).agent.destroy();
}

// GET /pathways/{id} on the local city, as JSON (one GetItem of the pathway item) and as its page (the
// pathway, its badge classes, opportunities and providers, and each badge step's opportunities), beside
// a bare GetItem of the same item on the same DynamoDB Local, interleaved so all see the same load.
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { httpRequest } from './http';
import { report, summarise } from './stats';

const WARMUP = 50;
const SAMPLES = 500;
const JSON_RATIO_TARGET = 1.5;

export async function benchPathwayPage(): Promise<boolean> {
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN' } });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  try {
    const list = JSON.parse((await httpRequest(`${city.url}/pathways?limit=100`)).body) as { items: { id: string; name: string }[] };
    // The demo pathway with the most to read: Into Engineering (steps of three providers, an opportunity step, a destination).
    const id = (list.items.find((p) => p.name === 'Into Engineering') ?? list.items[0])?.id;
    if (!id) throw new Error('the demo city has no pathways');
    const timedGet = async (accept: string) => {
      const t = performance.now();
      const { status } = await httpRequest(`${city.url}/pathways/${id}`, { headers: { accept } });
      if (status !== 200) throw new Error(`GET /pathways/${id} answered ${status}`);
      return performance.now() - t;
    };
    const getItem = async () => {
      const t = performance.now();
      const { Item } = await db.send(new GetCommand({ TableName: 'city-demo', Key: { pk: `PATHWAY#${id}`, sk: 'PATHWAY' } }));
      if (!Item) throw new Error('the pathway item is missing');
      return performance.now() - t;
    };
    const json: number[] = [];
    const page: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const samples = [await timedGet('application/json'), await timedGet('text/html'), await getItem()];
      if (i < WARMUP) continue;
      json.push(samples[0]!);
      page.push(samples[1]!);
      bare.push(samples[2]!);
    }
    const [j, p, b] = [summarise(json), summarise(page), summarise(bare)];
    console.log(
      `        GET /pathways/{id}: JSON p50 ${j.p50.toFixed(2)} ms, p99 ${j.p99.toFixed(2)} ms; page p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms; bare GetItem p50 ${b.p50.toFixed(2)} ms (n=${j.n})`,
    );
    const ratio = j.p50 / b.p50;
    return report('GET /pathways/{id} (JSON) p50 / bare GetItem p50', `${ratio.toFixed(2)}x`, `<= ${JSON_RATIO_TARGET}x`, ratio <= JSON_RATIO_TARGET);
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// GET /skills/{id} on the local city beside a bare GetItem on the same DynamoDB Local, interleaved so
// both see the same machine load. The ratio is the cost of HTTP + adapter + middy chain + validation.
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { httpRequest } from './http';
import { report, summarise } from './stats';

const WARMUP = 300;
const SAMPLES = 3000;
const P50_RATIO_TARGET = 1.3;

export async function benchSkillLatency(): Promise<boolean> {
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN' } });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
  try {
    const api: number[] = [];
    const bare: number[] = [];
    const viaApi = async () => {
      const t = performance.now();
      const { status } = await httpRequest(`${city.url}/skills/coding`);
      if (status !== 200) throw new Error(`GET /skills/coding answered ${status}`);
      return performance.now() - t;
    };
    const getItem = async () => {
      const t = performance.now();
      const { Item } = await db.send(new GetCommand({ TableName: 'city-demo', Key: { pk: 'SPINE', sk: 'SKILL#coding' } }));
      if (!Item) throw new Error('the seeded skill is missing');
      return performance.now() - t;
    };
    for (let i = 0; i < WARMUP; i++) {
      await viaApi();
      await getItem();
    }
    for (let i = 0; i < SAMPLES; i++) {
      api.push(await viaApi());
      bare.push(await getItem());
    }
    const a = summarise(api);
    const b = summarise(bare);
    console.log(`        GET /skills/{id}: p50 ${a.p50.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms; bare GetItem: p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms (n=${a.n})`);
    const ratio = a.p50 / b.p50;
    return report('GET /skills/{id} p50 / bare GetItem p50', `${ratio.toFixed(2)}x`, `<= ${P50_RATIO_TARGET}x`, ratio <= P50_RATIO_TARGET);
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

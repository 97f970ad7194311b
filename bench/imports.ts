// An import end to end on the local city: a CSV of 1,000 learners uploaded, worked through by the import
// worker in the background (in process, fed by the local queue), timed from upload to completion and
// from the worker's start to its end; beside it, the storage calls of as many awards made bare with as
// many in flight as the import has (its lanes, each awarding a few rows at a time).
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { IMPORT_LANES } from '../definitions/import-jobs';
import { runCityProcess, tempDataDir } from '../local/child-process';
import { BARE_CALLS, bareAwardStorage, perSecond } from './award-storage';
import { httpRequest } from './http';
import { report } from './stats';

const ROWS = 1000;
// Rows in flight: the job's lanes, each a worker awarding ROWS_AT_ONCE rows of its chunk at a time (functions/services/import-runs.ts).
const ROWS_AT_ONCE = 4;

export async function benchImports(): Promise<boolean> {
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir, env: { LOG_LEVEL: 'WARN' } });
  const key = /Provider central-library\s+(col_\S+)/.exec(city.output())![1]!;
  const authorization = `Bearer ${key}`;
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: `http://127.0.0.1:${city.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  try {
    const created = await httpRequest(`${city.url}/badge-classes`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench import', description: 'x', criteria: { narrative: 'y' }, alignments: [{ skillId: 'coding' }] }),
    });
    const classId = (JSON.parse(created.body) as { id: string }).id;
    const csv = `email,narrative\n${Array.from({ length: ROWS }, (_, i) => `learner${i}@example.org,Came every week`).join('\n')}\n`;
    const started = performance.now();
    const submitted = await httpRequest(`${city.url}/badge-classes/${classId}/imports`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/csv' },
      body: csv,
    });
    if (submitted.status !== 202) throw new Error(`import answered ${submitted.status}`);
    const jobUrl = `${city.url}/imports/${(JSON.parse(submitted.body) as { id: string }).id}`;
    let job: { status: string; created: number; startedAt?: string; completedAt?: string };
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = JSON.parse((await httpRequest(jobUrl, { headers: { authorization } })).body) as typeof job;
    } while (job.status === 'queued' || job.status === 'running');
    const wall = (performance.now() - started) / 1000;
    if (job.status !== 'completed' || job.created !== ROWS) throw new Error(`import ended ${job.status} with ${job.created} created`);
    const worker = (Date.parse(job.completedAt!) - Date.parse(job.startedAt!)) / 1000;
    console.log(`        ${ROWS} rows: ${wall.toFixed(1)} s from upload to completed, ${worker.toFixed(1)} s in the worker`);
    const rate = ROWS / wall;
    const { Items } = await db.send(new QueryCommand({ TableName: 'city-demo', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `BADGECLASS#${classId}#AWARDS` }, Limit: 1 }));
    const award = (await db.send(new GetCommand({ TableName: 'city-demo', Key: { pk: Items![0]!.pk, sk: 'AWARD' } }))).Item!;
    const inFlight = IMPORT_LANES * ROWS_AT_ONCE;
    const floor = await perSecond(ROWS, inFlight, bareAwardStorage(db, city.ports.s3Port, classId, key.split('_')[1]!, award));
    console.log(`        the storage calls of ${ROWS} awards made bare (${BARE_CALLS}), ${inFlight} at a time: ${floor.toFixed(0)} awards/s`);
    return report('import, end to end on the local city', `${rate.toFixed(1)} rows/s, ${(rate / floor).toFixed(2)}x bare storage`, '>= 150/s (as an award)', rate >= 150);
  } finally {
    db.destroy();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

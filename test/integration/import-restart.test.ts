// An import that is running when the local city stops carries on when it starts again, from its
// checkpoint, and awards every learner exactly once.
import { rmSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const keyOf = (city: CityProcess, label: string) => new RegExp(`^\\s+${label}\\s+(col_\\S+)$`, 'm').exec(city.output())![1]!;

async function job(city: CityProcess, url: string, key: string) {
  return (await (await fetch(url.replace(/^http:\/\/localhost:\d+/, city.url), { headers: { authorization: `Bearer ${key}` } })).json()) as Record<string, any>;
}

describe('an import across a restart of the local city', () => {
  it('resumes where it stopped and awards nobody twice', async () => {
    const first = await runCityProcess({ dataDir });
    const key = keyOf(first, 'Provider central-library');
    const auth = { authorization: `Bearer ${key}` };
    const badgeClass = (await (
      await fetch(`${first.url}/badge-classes`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Restart badge', description: 'x', criteria: { narrative: 'y' } }),
      })
    ).json()) as { id: string };
    const total = 400;
    const csv = `email\n${Array.from({ length: total }, (_, i) => `restart${i}@example.org`).join('\n')}\n`;
    const submitted = (await (
      await fetch(`${first.url}/badge-classes/${badgeClass.id}/imports`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv })
    ).json()) as { url: string };

    // Stop the city once the job is under way.
    let before: Record<string, any>;
    for (;;) {
      before = await job(first, submitted.url, key);
      if (before.processed > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await first.stop()).toBe(0);
    expect(before.processed).toBeLessThan(total);

    const second = await runCityProcess({ dataDir, ports: first.ports });
    try {
      let after: Record<string, any>;
      const deadline = Date.now() + 240_000;
      do {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        after = await job(second, submitted.url, key);
      } while (after.status === 'running' || after.status === 'queued' ? Date.now() < deadline : false);
      expect(after).toMatchObject({ status: 'completed', processed: total, created: total, duplicates: 0, failed: 0 });

      // Counted once, and stored once: the badge class has exactly one award per learner.
      const db = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: `http://127.0.0.1:${second.ports.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      );
      let count = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: 'city-demo',
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `BADGECLASS#${badgeClass.id}#AWARDS` },
            Select: 'COUNT',
            ExclusiveStartKey,
          }),
        );
        count += page.Count ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      db.destroy();
      expect(count).toBe(total);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 360_000);
});

// What a user of `npm start` relies on: data survives a restart, Ctrl-C stops everything, and a taken
// port or a missing Java is explained in one line.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCityProcess, tempDataDir } from '../../local/child-process';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('local city lifecycle', () => {
  it('keeps data written to it across a restart, and stops cleanly on Ctrl-C', async () => {
    const first = await runCityProcess({ dataDir });
    const key = { pk: `TEST#${Date.now()}`, sk: 'PERSIST' };
    const client = () =>
      DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: `http://127.0.0.1:${first.ports.dynamoDbPort}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        }),
      );
    const writer = client();
    await writer.send(new PutCommand({ TableName: 'city-demo', Item: { ...key, note: 'still here' } }));
    writer.destroy();
    expect(await first.stop()).toBe(0);
    // Nothing is left listening once the city has stopped.
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();

    const second = await runCityProcess({ dataDir, ports: first.ports });
    try {
      const reader = client();
      const { Item } = await reader.send(new GetCommand({ TableName: 'city-demo', Key: key }));
      reader.destroy();
      expect(Item?.note).toBe('still here');
      expect((await fetch(`${second.url}/skills/coding`)).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 120_000);

  it('names the variable to change when a port is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
    try {
      const city = await runCityProcess({
        dataDir,
        ports: { port: await freePort(), dynamoDbPort: port, s3Port: await freePort(), sqsPort: await freePort(), mailPort: await freePort(), signInPort: await freePort() },
        waitForReady: false,
      });
      expect(await city.exited).toBe(1);
      expect(city.output()).toContain(`Port ${port} (DynamoDB Local) is already in use`);
      expect(city.output()).toContain('DYNAMODB_PORT=<port> npm start');
    } finally {
      blocker.close();
    }
  });

  it('says in one line how to install Java when it is missing', async () => {
    // A PATH holding node and nothing else.
    const bin = join(dataDir, 'bin-without-java');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const city = await runCityProcess({ dataDir, env: { PATH: bin }, waitForReady: false });
    const code = await Promise.race([city.exited, new Promise((resolve) => setTimeout(resolve, 20_000, 'still running'))]);
    if (code === 'still running') await city.stop();
    expect(code).toBe(1);
    expect(city.output()).toMatch(/Java 17\+ is needed to run DynamoDB Local, but `java` was not found\. Install it/);
  });
});

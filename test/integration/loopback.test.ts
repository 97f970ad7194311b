// The local city's services listen on loopback only (HOST changes that): DynamoDB Local (which takes
// any credentials), s3rver, the queue stand-in and the city's HTTP server refuse connections on this
// machine's other addresses, and answer on 127.0.0.1. The same probe against a service told to listen
// everywhere shows that the probe can tell the difference.
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, tempDataDir } from '../../local/child-process';
import { startLocalQueue } from '../../local/queue';
import { parseHost, startDynamoDbLocal, startS3rver, type RunningService } from '../../local/services';

/** This machine's addresses that are not loopback (IPv6 link-local left out: they need a zone). */
const otherAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address && !address.internal && !address.address.startsWith('fe80:'))
  .map((address) => address!.address);

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

const dataDir = tempDataDir();
const services: (RunningService & { port: number; name: string })[] = [];

beforeAll(async () => {
  const [dynamoPort, s3Port, queuePort] = [await freePort(), await freePort(), await freePort()];
  services.push({ name: 'DynamoDB Local', port: dynamoPort, ...(await startDynamoDbLocal(dynamoPort, `${dataDir}/dynamodb`)) });
  services.push({ name: 's3rver', port: s3Port, ...(await startS3rver(s3Port, `${dataDir}/s3`)) });
  services.push({ name: 'the queue stand-in', port: queuePort, ...(await startLocalQueue(queuePort, `${dataDir}/sqs`, 'loopback-test.fifo')) });
}, 60_000);

afterAll(async () => {
  for (const service of services) await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local city on this machine', () => {
  it.skipIf(otherAddresses.length === 0)('answers on loopback and on no other address of this machine', async () => {
    const cityPort = Number(new URL(inject('cityUrl')).port);
    for (const { name, port } of [...services, { name: 'the city API', port: cityPort }]) {
      expect(await accepts('127.0.0.1', port), `${name} on 127.0.0.1`).toBe(true);
      for (const address of otherAddresses) expect(await accepts(address, port), `${name} on ${address}`).toBe(false);
    }
  });

  it.skipIf(otherAddresses.length === 0)('answers on the other addresses when HOST says 0.0.0.0 (the probe above can tell)', async () => {
    const port = await freePort();
    const everywhere = await startS3rver(port, `${dataDir}/s3-everywhere`, parseHost('0.0.0.0'));
    try {
      expect(await accepts(otherAddresses.find((a) => !a.includes(':')) ?? otherAddresses[0]!, port)).toBe(true);
    } finally {
      await everywhere.stop();
    }
  });
});

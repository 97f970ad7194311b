// The storage floor under an award: the table and bucket requests one award makes, made bare against the
// local city's DynamoDB Local and s3rver, for the award and import benchmarks to print beside their figures.
import { randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** `total` calls of `fn`, `clients` at a time: calls per second. */
export async function perSecond(total: number, clients: number, fn: () => Promise<void>): Promise<number> {
  let started = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (started < total) {
      started++;
      await fn();
    }
  }));
  return total / ((performance.now() - t) / 1000);
}

export const BARE_CALLS = '4 GetItem, 2 PutItem, a TransactWriteItems of 2 Puts, 1 S3 PutObject of the baked image';

/**
 * The table and bucket requests one award makes (functions/services/awarding.ts, read through the local
 * city's guards: the API key checked for revocation, the class, its provider and the holder item read;
 * the revocation index claimed; the baked image stored; the award and its holder item written in one
 * transaction; the audit entry), one after another, with nothing of ours around them: the floor under
 * the end-to-end figure on this DynamoDB Local and s3rver. Written under keys no consumer reads.
 */
export function bareAwardStorage(db: DynamoDBDocumentClient, s3Port: number, classId: string, keyPrefix: string, award: Record<string, unknown>) {
  const s3 = new S3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const TableName = 'city-demo';
  const image = randomBytes(30 * 1024);
  const get = (pk: string, sk: string) => db.send(new GetCommand({ TableName, Key: { pk, sk } }));
  return async () => {
    const id = randomBytes(8).toString('hex');
    await get(`BADGECLASS#${classId}`, 'CURRENT');
    await get('PROVIDER#central-library', 'PROFILE');
    await get(`APIKEY#${keyPrefix}`, 'KEY');
    await get(`BENCHBARE#${id}`, 'HOLDER');
    await db.send(new PutCommand({ TableName, Item: { pk: `BENCHBARE#${id}`, sk: 'INDEX' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'city-demo-badges', Key: `bench/${id}.png`, Body: image, ContentType: 'image/png' }));
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { ...award, pk: `BENCHBARE#${id}`, sk: 'AWARD' } } },
          { Put: { TableName, Item: { pk: `BENCHBARE#${id}`, sk: 'HOLDER', awardId: id } } },
        ],
      }),
    );
    await db.send(new PutCommand({ TableName, Item: { pk: `BENCHBARE#${id}`, sk: 'AUDIT', at: new Date().toISOString() } }));
  };
}


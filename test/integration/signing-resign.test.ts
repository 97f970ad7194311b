// `npm run signing:resign -- --local` on the running local city, against DynamoDB Local and s3rver: an
// award whose credential names a key the city does not publish (as after its key is marked compromised)
// fails POST /verify; the command, stopped by its bound and resumed from its checkpoint, signs it again
// with the city's active key, and its credential and baked image then verify; a second run changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentLoader } from '../../functions/domain/credentials/document-loader';
import { signCredential } from '../../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer } from '../../functions/domain/credentials/signer';
import { runningCity } from '../../local/ports';
import { runScript } from '../support/run-script';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const dataDir = inject('dataDir');
const work = mkdtempSync(join(tmpdir(), 'resign-'));
const checkpoint = join(work, 'checkpoint.json');
const running = runningCity(dataDir, 'demo');
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: `http://${new URL(running.url).hostname}:${running.dynamoDbPort}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const key = (id: string) => ({ TableName: 'city-demo', Key: { pk: `AWARD#${id}`, sk: 'AWARD' } });

async function call(method: string, path: string, body?: unknown, auth?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const verified = async (body: unknown) => (await call('POST', '/verify', body)).body.verified as boolean;
const resign = (max: number) => runScript('scripts/signing-resign.ts', ['--city', 'demo', '--local', '--max', String(max), '--checkpoint', checkpoint], { LOCAL_DATA_DIR: dataDir });

let awardId: string;
let cityKeyMethod: string;

beforeAll(async () => {
  const badgeClass = await call('POST', '/badge-classes', { name: 'Re-signing test badge', description: 'Signed twice.', criteria: { narrative: 'Took part.' }, alignments: [{ skillId: 'coding' }] }, providerKey);
  expect(badgeClass.status).toBe(201);
  const issued = await call('POST', `/badge-classes/${badgeClass.body.id}/awards`, { recipient: { email: `resign-${randomBytes(4).toString('hex')}@example.org` } }, providerKey);
  expect(issued.status).toBe(201);
  awardId = issued.body.id;
  cityKeyMethod = issued.body.credential.proof[0].verificationMethod;
  // What the award looks like once the key that signed it is no longer published: a proof by a key the
  // city's profiles do not list.
  const { proof: _proof, ...unsigned } = issued.body.credential;
  const stranger = generateLocalKey();
  const signer = localEd25519Signer(stranger.privateKeyPem, `${unsigned.issuer.id}#${stranger.publicKeyMultibase}`);
  const foreign = await signCredential(unsigned, signer, createDocumentLoader());
  await db.send(new UpdateCommand({ ...key(awardId), UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'credential' }, ExpressionAttributeValues: { ':c': foreign } }));
}, 60_000);

afterAll(() => {
  db.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('signing:resign --local', () => {
  it('re-signs, in bounded runs resumed from the checkpoint, what an unpublished key signed; then it verifies', async () => {
    const before = (await call('GET', `/badges/${awardId}/credential`)).body;
    expect(await verified({ credential: before })).toBe(false);

    const first = await resign(5);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/run the same command again to go on/);
    const last = await resign(1_000_000);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(last.stdout).toMatch(/^Resuming from /m);
    expect(last.stdout).toMatch(/Done: \d+ awards read, 1 re-signed with key k1\./);

    const { Item } = await db.send(new GetCommand({ ...key(awardId), ConsistentRead: true }));
    expect(Item!.credential.proof[0].verificationMethod).toBe(cityKeyMethod);
    const after = (await call('GET', `/badges/${awardId}/credential`)).body;
    expect(after.id).toBe(before.id);
    expect(after.credentialStatus).toEqual(before.credentialStatus);
    expect(await verified({ credential: after })).toBe(true);
    const image = Buffer.from(await (await fetch(`${base}/badges/${awardId}/image`)).arrayBuffer()).toString('base64');
    expect(await verified({ image })).toBe(true);
  }, 600_000);

  it('changes nothing when run again', async () => {
    const { Item: before } = await db.send(new GetCommand({ ...key(awardId), ConsistentRead: true }));
    const again = await resign(1_000_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Done: \d+ awards read, 0 re-signed/);
    const { Item: after } = await db.send(new GetCommand({ ...key(awardId), ConsistentRead: true }));
    expect(after!.image).toEqual(before!.image);
  }, 300_000);
});

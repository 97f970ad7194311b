// The import worker against an in-memory table and bucket, with faults injected: a job resumes from its
// checkpoint after a chunk fails half-way or a crash between awarding and checkpointing, and nobody is
// ever awarded twice; time running low, a last delivery and an archived badge class each end a slice
// the way they should; no email is ever stored in full.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('importWorker'));
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recipientKey } from '../../functions/awards/service';
import type { Principal } from '../../functions/domain/api-keys';
import type { BadgeClass } from '../../functions/domain/badge-classes';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { importAwardId } from '../../functions/domain/imports';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { submitImport } from '../../functions/imports/service';
import { CHUNK_ROWS, ChunkFailed, runImportSlice } from '../../functions/imports/run';
import { handler } from '../../functions/imports/worker';
import { context } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { unitResources } from '../support/function-env';

let aws: FakeAws;

const CLASS_ID = 'aaaaaaaaaaaaaaaa';
const badgeClass: BadgeClass = {
  id: CLASS_ID,
  version: 1,
  issuerId: 'central-library',
  name: 'Code Club',
  description: 'Came to code club.',
  criteria: { narrative: 'Four sessions.' },
  alignments: [],
  tags: [],
  image: { key: `badge-classes/${CLASS_ID}/v1.svg`, type: 'svg' },
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const provider = { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'a@library.example.org', createdAt: 'x', updatedAt: 'x' };
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue'], keyPrefix: 'aaaaaaaaaaaa' };
const plenty = { remainingMs: () => 100_000, lastAttempt: false };

beforeEach(() => {
  aws = new FakeAws();
  aws.putItem({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass });
  aws.putItem({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putObject(badgeClass.image.key, Buffer.from(renderDefaultBadgeSvg({ name: 'Code Club', primaryColour: '#1b4f72', secondaryColour: '#f39c12' })));
});

const learners = (n: number, tag = 'l') => Array.from({ length: n }, (_, i) => `${tag}${i}@example.org`);
const csv = (lines: string[]) => Buffer.from(`email,narrative,issuedOn\n${lines.join('\n')}\n`);
const submit = async (lines: string[]) => (await submitImport(CLASS_ID, csv(lines), principal, new Date())).id;
const job = (id: string) => aws.getItem(`JOB#${id}`, 'JOB')!;
const awards = () => aws.itemsUnder('AWARD#');
const report = (id: string) => aws.objects.get(`imports/reports/${id}.csv`)?.body.toString('utf8');
/** Fails every award record write after the first `allowed` ones. */
const awardWritesFailAfter = (allowed: number) =>
  aws.fail('PutItem', { when: (input) => String(input.Item?.pk).startsWith('AWARD#'), nth: allowed + 1, times: Infinity });
const cityKeyFor = (purpose: Parameters<typeof deriveCityKey>[1]) => deriveCityKey(unitResources.citySecret, purpose);

describe('runImportSlice', { timeout: 30_000 }, () => {
  it('awards every valid row once and reports the others by row, with masked emails only', async () => {
    const holder = 'holder@example.org';
    aws.putItem({ pk: 'AWARD#earlier', sk: 'AWARD', gsi3pk: `RECIPIENT#${await recipientKey(holder)}`, gsi3sk: 'x', badgeClassId: CLASS_ID });
    const id = await submit([
      ...learners(100).map((email) => `${email},Came every week,2026-01-05`),
      'not-an-email,,',
      'l3@example.org,,',
      ',Only a narrative,',
      'future@example.org,,2999-01-01',
      holder,
    ]);
    expect(job(id)).toMatchObject({ status: 'queued', total: 105, processed: 0 });
    expect(aws.objects.has(`imports/uploads/${id}.csv`)).toBe(true);

    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', total: 105, processed: 105, created: 100, duplicates: 2, invalid: 3, failed: 0 });
    expect(awards()).toHaveLength(101);
    expect(report(id)!.split('\r\n')).toEqual([
      'row,status,email,columns,detail',
      '102,invalid,n***,email,email is not an email address',
      '103,duplicate,l***@e***.org,,the same learner is on row 5 of this file',
      '104,invalid,,email,email is empty',
      '105,invalid,f***@e***.org,issuedOn,issuedOn must not be in the future',
      '106,duplicate,h***@e***.org,,this learner already holds this badge',
      '',
    ]);
    // The upload is gone, and no address was kept anywhere in full.
    expect(aws.objects.has(`imports/uploads/${id}.csv`)).toBe(false);
    const stored = JSON.stringify([...aws.items.values()]) + [...aws.objects.values()].map((o) => o.body.toString('utf8')).join('');
    expect(stored).not.toMatch(/[a-z0-9]@example\.org/);
    // Each row's award has the id derived from the job and row.
    expect(aws.getItem(`AWARD#${importAwardId(cityKeyFor('import-award-ids'), id, 2)}`, 'AWARD')).toBeDefined();
  });

  it('retries a chunk that fails half-way, and awards nobody twice', async () => {
    const id = await submit(learners(CHUNK_ROWS + 10));
    awardWritesFailAfter(20);
    await expect(runImportSlice(id, plenty)).rejects.toThrow(ChunkFailed);
    // Nothing was checkpointed: the 20 awards made so far are not counted yet.
    expect(job(id)).toMatchObject({ status: 'running', processed: 0, created: 0 });
    expect(awards()).toHaveLength(20);

    aws.clearFaults();
    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', processed: 60, created: 60, duplicates: 0, failed: 0 });
    expect(awards()).toHaveLength(60);
  });

  it('resumes after a crash between awarding a chunk and checkpointing it', async () => {
    const id = await submit(learners(CHUNK_ROWS + 5));
    aws.fail('TransactWriteItems', { nth: 2, error: new Error('Lambda was stopped') });
    // The first chunk is checkpointed, the second awarded and then lost.
    await expect(runImportSlice(id, plenty)).rejects.toThrow('Lambda was stopped');
    expect(job(id)).toMatchObject({ processed: CHUNK_ROWS, created: CHUNK_ROWS });
    expect(awards()).toHaveLength(CHUNK_ROWS + 5);

    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', processed: CHUNK_ROWS + 5, created: CHUNK_ROWS + 5, duplicates: 0 });
    expect(awards()).toHaveLength(CHUNK_ROWS + 5);
  });

  it('queues the rest of the job when time runs low, and the next slice finishes it', async () => {
    const id = await submit(learners(CHUNK_ROWS * 2 + 1));
    let chunks = 0;
    const shortOfTime = { remainingMs: () => (chunks++ === 0 ? 100_000 : 1_000), lastAttempt: false };
    expect(await runImportSlice(id, shortOfTime)).toBe('continue');
    expect(job(id)).toMatchObject({ status: 'running', processed: CHUNK_ROWS });
    expect(aws.sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ MessageGroupId: id, MessageDeduplicationId: `${id}-0` }),
      expect.objectContaining({ MessageGroupId: id, MessageDeduplicationId: `${id}-${CHUNK_ROWS}`, MessageBody: JSON.stringify({ importId: id }) }),
    ]);
    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', created: CHUNK_ROWS * 2 + 1 });
  });

  it("records rows that keep failing on a message's last delivery, and goes on in a new message", async () => {
    const id = await submit(learners(CHUNK_ROWS + 3));
    const stubborn = `AWARD#${importAwardId(cityKeyFor('import-award-ids'), id, 4)}`;
    aws.fail('PutItem', { when: (input) => input.Item?.pk === stubborn, error: new Error('always fails') });
    await expect(runImportSlice(id, plenty)).rejects.toThrow(ChunkFailed);
    expect(await runImportSlice(id, { ...plenty, lastAttempt: true })).toBe('continue');
    expect(job(id)).toMatchObject({ processed: CHUNK_ROWS, created: CHUNK_ROWS - 1, failed: 1 });
    expect(aws.sqs.commandCalls(SendMessageCommand).at(-1)!.args[0].input.MessageDeduplicationId).toBe(`${id}-${CHUNK_ROWS}`);

    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', created: CHUNK_ROWS + 2, failed: 1 });
    expect(report(id)).toContain('4,failed,l***@e***.org,,could not be issued; upload the file again to retry it');
  });

  it('fails the job when its badge class is archived half-way, keeping what was done', async () => {
    const id = await submit(learners(CHUNK_ROWS + 5));
    let chunks = 0;
    expect(await runImportSlice(id, { remainingMs: () => (chunks++ === 0 ? 100_000 : 0), lastAttempt: false })).toBe('continue');
    aws.putItem({ ...aws.getItem(`BADGECLASS#${CLASS_ID}`, 'CURRENT')!, status: 'archived' });

    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toMatchObject({
      status: 'failed',
      processed: CHUNK_ROWS,
      created: CHUNK_ROWS,
      failureReason: `Badge class ${CLASS_ID} is archived: it can no longer be awarded (${CHUNK_ROWS} of ${CHUNK_ROWS + 5} rows were processed)`,
    });
    expect(report(id)).toBe('row,status,email,columns,detail\r\n');
    expect(aws.objects.has(`imports/uploads/${id}.csv`)).toBe(false);
  });

  it('leaves a finished job alone, and ignores a job that does not exist', async () => {
    const id = await submit(learners(3));
    expect(await runImportSlice(id, plenty)).toBe('finished');
    const before = structuredClone(job(id));
    expect(await runImportSlice(id, plenty)).toBe('finished');
    expect(job(id)).toEqual(before);
    expect(awards()).toHaveLength(3);
    expect(await runImportSlice('bbbbbbbbbbbbbbbbbbbb', plenty)).toBe('gone');
  });
});

describe('the worker (SQS handler)', { timeout: 30_000 }, () => {
  const workerContext = { ...context, getRemainingTimeInMillis: () => 100_000 };
  const event = (body: string, receives: number): SQSEvent => ({
    Records: [
      {
        messageId: 'message-1',
        receiptHandle: 'receipt-1',
        body,
        attributes: { ApproximateReceiveCount: String(receives), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:imports.fifo',
        awsRegion: 'eu-west-2',
      },
    ],
  });

  it('processes the job a message names', async () => {
    const id = await submit(learners(2));
    expect(await handler(event(JSON.stringify({ importId: id }), 1), workerContext)).toEqual({ batchItemFailures: [] });
    expect(job(id)).toMatchObject({ status: 'completed', created: 2 });
  });

  it('drops a message that names no job: retrying it cannot help', async () => {
    expect(await handler(event('not json', 1), workerContext)).toEqual({ batchItemFailures: [] });
    expect(await handler(event('{"jobId":1}', 1), workerContext)).toEqual({ batchItemFailures: [] });
  });

  it('has a failed slice delivered again after a backoff', async () => {
    const id = await submit(learners(2));
    aws.fail('TransactWriteItems', { error: new Error('DynamoDB is down') });
    expect(await handler(event(JSON.stringify({ importId: id }), 2), workerContext)).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(aws.sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toMatchObject({ ReceiptHandle: 'receipt-1', VisibilityTimeout: 30 });
    expect(job(id).status).toBe('running');
  });

  it('fails the job, with the reason, when the last delivery fails too', async () => {
    const id = await submit(learners(2));
    aws.fail('TransactWriteItems', { error: new Error('DynamoDB is down') });
    expect(await handler(event(JSON.stringify({ importId: id }), 5), workerContext)).toEqual({ batchItemFailures: [] });
    expect(job(id)).toMatchObject({ status: 'failed', failureReason: 'Processing failed 5 times; upload the file again to retry the rest (0 of 2 rows were processed)' });
    expect(report(id)).toBeDefined();
  });
});

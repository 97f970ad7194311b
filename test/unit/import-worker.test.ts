// The import worker against an in-memory table and bucket, with faults injected: a job resumes from its
// checkpoint after a chunk fails half-way or a crash between awarding and checkpointing, and nobody is
// ever awarded twice; time running low, a last delivery and an archived badge class each end a slice
// the way they should; no email is ever stored in full.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('importWorker'));
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recipientKey, recipientName, recipientNameKeys } from '../../functions/services/recipients';
import type { Principal } from '../../functions/domain/api-keys';
import { importAwardId } from '../../functions/domain/imports';
import { submitImport } from '../../functions/imports/service';
import { CHUNK_ROWS, ChunkFailed, runImportSlice, type SliceContext } from '../../functions/services/import-runs';
import { IMPORT_LANES } from '../../definitions/import-jobs';
import { handler } from '../../functions/imports/worker';
import { context } from '../support/events';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { badgeClass, CLASS_ID, classSvg, provider } from '../support/award-fixtures';
import { FakeAws } from '../support/fake-aws';
import { unitResources } from '../support/function-env';

const aws = new FakeAws();
const sqs = aws.sqs;
const removeFaults: (() => void)[] = [];
const inject = (fault: Parameters<FakeAws['inject']>[0]) => removeFaults.push(aws.inject(fault));
const clearFaults = () => removeFaults.splice(0).forEach((remove) => remove());
const item = (pk: string, sk: string) => aws.items.get(`${pk}\u0000${sk}`);
const put = (value: Record<string, unknown>) => aws.items.set(`${String(value.pk)}\u0000${String(value.sk)}`, value);

const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue'], keyPrefix: 'aaaaaaaaaaaa' };
const plenty = { remainingMs: () => 100_000, lastAttempt: false };
/** One slice of one lane of the job, as a message of that lane has the worker do it. */
const slice = (importId: string, context: SliceContext = plenty, lane = 0) => runImportSlice({ importId, lane }, context);

beforeEach(() => {
  aws.items.clear();
  aws.objects.clear();
  clearFaults();
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass });
  put({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putObject(badgeClass.image.key, Buffer.from(classSvg));
});

const learners = (n: number, tag = 'l') => Array.from({ length: n }, (_, i) => `${tag}${i}@example.org`);
const csv = (lines: string[]) => Buffer.from(`email,narrative,issuedOn\n${lines.join('\n')}\n`);
const submit = async (lines: string[]) => (await submitImport(CLASS_ID, csv(lines), principal, { now: new Date(), notify: true })).id;
const job = (id: string) => item(`JOB#${id}`, 'JOB') as Record<string, any>;
/** Every lane of the job at once, as the queue's message groups have workers do them. */
const allLanes = (id: string, context: SliceContext = plenty) =>
  Promise.all(Array.from({ length: job(id).lanes as number }, (_, lane) => runImportSlice({ importId: id, lane }, context)));
/** The last lane to count its rows finishes the job (lanes finishing together may each see it finished); the others find their lane done. */
const finishedOnce = (results: string[]) => {
  expect(results).toContain('finished');
  for (const result of results) expect(['finished', 'lane done']).toContain(result);
};
const awards = () => [...aws.items.values()].filter((i) => String(i.pk).startsWith('AWARD#'));
const report = (id: string) => aws.objects.get(`imports/reports/${id}.csv`)?.body.toString('utf8');
/** The award item an award write puts (in the transaction with the learner's holder item). */
const awardPut = ({ command, input }: { command: string; input: any }) =>
  command === 'TransactWriteItems' && String(input.TransactItems[0]?.Put?.Item?.pk).startsWith('AWARD#') ? input.TransactItems[0].Put.Item : undefined;
/** Fails every award record write after the first `allowed` ones. */
const awardWritesFailAfter = (allowed: number) => {
  let writes = 0;
  return (operation: { command: string; input: any }) =>
    awardPut(operation) && ++writes > allowed ? Object.assign(new Error('throttled'), { name: 'ThrottlingException' }) : undefined;
};
const isCheckpoint = ({ command, input }: { command: string; input: any }) => command === 'TransactWriteItems' && String(input.TransactItems[0]?.Update?.Key?.pk).startsWith('JOB#');

describe('runImportSlice', { timeout: 30_000 }, () => {
  it('awards every valid row once and reports the others by row, with masked emails only', async () => {
    const holder = 'holder@example.org';
    put({ pk: `HOLDER#${CLASS_ID}#${await recipientKey(holder)}`, sk: 'HOLDER', awardId: 'earlierawardearlierawardea' });
    const id = await submit([
      ...learners(100).map((email) => `${email},Came every week,2026-01-05`),
      'not-an-email,,',
      'l3@example.org,,',
      ',Only a narrative,',
      'future@example.org,,2999-01-01',
      holder,
    ]);
    // Three chunks, dealt to three lanes: one message each.
    expect(job(id)).toMatchObject({ status: 'queued', total: 105, processed: 0, lanes: 3 });
    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageDeduplicationId)).toEqual([`${id}-0-0`, `${id}-1-50`, `${id}-2-100`]);
    expect(aws.objects.has(`imports/uploads/${id}.csv`)).toBe(true);

    finishedOnce(await allLanes(id));
    expect(job(id)).toMatchObject({ status: 'completed', total: 105, processed: 105, created: 100, duplicates: 2, invalid: 3, failed: 0 });
    expect(awards()).toHaveLength(100);
    expect(report(id)!.split('\r\n')).toEqual([
      'row,status,email,columns,detail',
      '102,invalid,n***,email,email must be an email address',
      '103,duplicate,l***@e***.org,,the same learner is on row 5 of this file',
      '104,invalid,,email,email is empty',
      '105,invalid,f***@e***.org,issuedOn,issuedOn must not be in the future',
      '106,duplicate,h***@e***.org,,this learner already holds this badge: award earlierawardearlierawardea (https://unit.example/badges/earlierawardearlierawardea)',
      '',
    ]);
    // The upload is gone, and no address was kept anywhere in full.
    expect(aws.objects.has(`imports/uploads/${id}.csv`)).toBe(false);
    const stored = JSON.stringify([...aws.items.values()]) + [...aws.objects.values()].map((o) => o.body.toString('utf8')).join('');
    expect(stored).not.toMatch(/[a-z0-9]@example\.org/);
    // Each row's award has the id derived from the job and row.
    const secret = deriveCityKey(unitResources.citySecret, 'import-award-ids');
    expect(item(`AWARD#${importAwardId(secret, id, 2)}`, 'AWARD')).toBeDefined();
  });

  it('awards each learner once when the same file is imported twice at the same time', async () => {
    const lines = learners(CHUNK_ROWS * 2);
    const [a, b] = await Promise.all([submit(lines), submit(lines)]);
    const [ofA, ofB] = await Promise.all([allLanes(a), allLanes(b)]);
    finishedOnce(ofA);
    finishedOnce(ofB);
    expect(awards()).toHaveLength(CHUNK_ROWS * 2);
    expect(job(a).created + job(b).created).toBe(CHUNK_ROWS * 2);
    expect(job(a).duplicates + job(b).duplicates).toBe(CHUNK_ROWS * 2);
    expect(job(a).failed + job(b).failed).toBe(0);
  });

  it("works a file's lanes at once and counts every row exactly once, through checkpoints that conflict", async () => {
    const total = CHUNK_ROWS * IMPORT_LANES * 2 + 7;
    const id = await submit(learners(total));
    // Every other checkpoint loses a race with another lane's on the job's counts, as DynamoDB cancels
    // concurrent transactions on one item.
    let checkpoints = 0;
    inject((operation) =>
      isCheckpoint(operation) && ++checkpoints % 2 === 1
        ? Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] })
        : undefined,
    );
    finishedOnce(await allLanes(id));
    expect(job(id)).toMatchObject({ status: 'completed', lanes: IMPORT_LANES, processed: total, created: total, duplicates: 0, failed: 0 });
    expect(awards()).toHaveLength(total);
    expect(checkpoints).toBeGreaterThanOrEqual(2 * Math.ceil(total / CHUNK_ROWS));
  });

  it("keeps a name column's names sealed, as a single award keeps them", async () => {
    const file = Buffer.from('email,name\nana@example.org,Ana Souza\nbo@example.org,\n');
    const id = (await submitImport(CLASS_ID, file, principal, { now: new Date(), notify: true })).id;
    expect(await slice(id)).toBe('finished');
    expect(job(id)).toMatchObject({ created: 2, invalid: 0 });
    const named = awards().filter((a) => a.sealedRecipientName);
    expect(named).toHaveLength(1);
    expect(recipientName(named[0] as never, await recipientNameKeys())).toBe('Ana Souza');
    expect(JSON.stringify([...aws.items.values()]) + [...aws.objects.values()].map((o) => o.body.toString('utf8')).join('')).not.toContain('Ana Souza');
  });

  it('retries a chunk that fails half-way, and awards nobody twice', async () => {
    const id = await submit(learners(CHUNK_ROWS + 10));
    inject(awardWritesFailAfter(20));
    await expect(slice(id)).rejects.toThrow(ChunkFailed);
    // Nothing was checkpointed: the 20 awards made so far are not counted yet.
    expect(job(id)).toMatchObject({ status: 'running', processed: 0, created: 0 });
    expect(awards()).toHaveLength(20);

    clearFaults();
    finishedOnce(await allLanes(id));
    expect(job(id)).toMatchObject({ status: 'completed', processed: 60, created: 60, duplicates: 0, failed: 0 });
    expect(awards()).toHaveLength(60);
  });

  it('resumes after a crash between awarding a chunk and checkpointing it', async () => {
    const id = await submit(learners(CHUNK_ROWS + 5));
    let checkpoints = 0;
    inject((operation) => (isCheckpoint(operation) && ++checkpoints === 2 ? new Error('Lambda was stopped') : undefined));
    // The first lane's chunk is checkpointed, the second lane's awarded and then lost.
    expect(await slice(id)).toBe('lane done');
    await expect(slice(id, plenty, 1)).rejects.toThrow('Lambda was stopped');
    expect(job(id)).toMatchObject({ processed: CHUNK_ROWS, created: CHUNK_ROWS });
    expect(awards()).toHaveLength(CHUNK_ROWS + 5);

    expect(await slice(id, plenty, 1)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', processed: CHUNK_ROWS + 5, created: CHUNK_ROWS + 5, duplicates: 0 });
    expect(awards()).toHaveLength(CHUNK_ROWS + 5);
  });

  it('queues the rest of a lane when time runs low, and its next slice finishes it', async () => {
    // Lane 0 has two chunks: the first and the fifth.
    const total = CHUNK_ROWS * IMPORT_LANES + 1;
    const id = await submit(learners(total));
    let chunks = 0;
    const shortOfTime = { remainingMs: () => (chunks++ === 0 ? 100_000 : 1_000), lastAttempt: false };
    expect(await slice(id, shortOfTime)).toBe('continue');
    expect(job(id)).toMatchObject({ status: 'running', processed: CHUNK_ROWS });
    expect(sqs.commandCalls(SendMessageCommand).at(-1)!.args[0].input).toEqual(
      expect.objectContaining({ MessageGroupId: `${id}-0`, MessageDeduplicationId: `${id}-0-${CHUNK_ROWS * IMPORT_LANES}`, MessageBody: JSON.stringify({ importId: id, lane: 0 }) }),
    );
    expect(await Promise.all([1, 2, 3].map((lane) => slice(id, plenty, lane)))).toEqual(['lane done', 'lane done', 'lane done']);
    expect(await slice(id)).toBe('finished');
    expect(job(id)).toMatchObject({ status: 'completed', processed: total, created: total });
  });

  it("records rows that keep failing on a message's last delivery, and goes on in a new message", async () => {
    const total = CHUNK_ROWS * IMPORT_LANES + 3;
    const id = await submit(learners(total));
    const stubborn = `AWARD#${importAwardId(deriveCityKey(unitResources.citySecret, 'import-award-ids'), id, 4)}`;
    inject((operation) => (awardPut(operation)?.pk === stubborn ? new Error('always fails') : undefined));
    await expect(slice(id)).rejects.toThrow(ChunkFailed);
    expect(await slice(id, { ...plenty, lastAttempt: true })).toBe('continue');
    expect(job(id)).toMatchObject({ processed: CHUNK_ROWS, created: CHUNK_ROWS - 1, failed: 1 });
    expect(sqs.commandCalls(SendMessageCommand).at(-1)!.args[0].input.MessageDeduplicationId).toBe(`${id}-0-${CHUNK_ROWS * IMPORT_LANES}`);

    finishedOnce(await allLanes(id));
    expect(job(id)).toMatchObject({ status: 'completed', created: total - 1, failed: 1 });
    expect(report(id)).toContain('4,failed,l***@e***.org,,could not be issued; upload the file again to retry it');
  });

  it('fails the job when its badge class is archived half-way, keeping what was done', async () => {
    const id = await submit(learners(CHUNK_ROWS + 5));
    expect(await slice(id)).toBe('lane done');
    put({ ...item(`BADGECLASS#${CLASS_ID}`, 'CURRENT')!, status: 'archived' });

    expect(await slice(id, plenty, 1)).toBe('finished');
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
    expect(await slice(id)).toBe('finished');
    const before = structuredClone(job(id));
    expect(await slice(id)).toBe('finished');
    expect(job(id)).toEqual(before);
    expect(awards()).toHaveLength(3);
    expect(await slice('bbbbbbbbbbbbbbbbbbbb')).toBe('gone');
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
    inject(({ command }) => (command === 'TransactWriteItems' ? new Error('DynamoDB is down') : undefined));
    expect(await handler(event(JSON.stringify({ importId: id }), 2), workerContext)).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toMatchObject({ ReceiptHandle: 'receipt-1', VisibilityTimeout: 30 });
    expect(job(id).status).toBe('running');
  });

  it('fails the job, with the reason, when the last delivery fails too', async () => {
    const id = await submit(learners(2));
    inject(({ command }) => (command === 'TransactWriteItems' ? new Error('DynamoDB is down') : undefined));
    expect(await handler(event(JSON.stringify({ importId: id }), 5), workerContext)).toEqual({ batchItemFailures: [] });
    expect(job(id)).toMatchObject({ status: 'failed', failureReason: 'Processing failed 5 times; upload the file again to retry the rest (0 of 2 rows were processed)' });
    expect(report(id)).toBeDefined();
  });
});

// Import jobs: pk JOB#<id>, sk JOB holds the job and its counts; sk LANE#<n> where each lane of the job
// has got to; sk ROW#<row> one item per row of the file that was not awarded (the error report is built
// from them). Listed per provider on gsi1 (PROVIDER#<id>#IMPORTS). Everything expires (TTL)
// IMPORT_RETENTION_DAYS after it was last written.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ImportJobSchema, ImportProblemSchema, type ImportJob, type ImportProblem } from '../domain/imports';
import { IMPORT_RETENTION_DAYS } from '../../definitions/import-jobs';
import { cityTable, db, indexKey } from './client';
import { queryAllWithPrefix } from './pages';

/** Every key an import job and its report rows are stored or listed under. */
export const importKeys = {
  job: (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' }),
  row: (id: string, row: number) => ({ pk: `JOB#${id}`, sk: `ROW#${String(row).padStart(9, '0')}` }),
  lane: (id: string, lane: number) => ({ pk: `JOB#${id}`, sk: `LANE#${lane}` }),
  /** A provider's import jobs, by when each was made (written now; the list route comes later). */
  byProvider: indexKey('gsi1', (providerId: string) => `PROVIDER#${providerId}#IMPORTS`, (job: Pick<ImportJob, 'createdAt' | 'id'>) => `${job.createdAt}#${job.id}`),
};
const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + IMPORT_RETENTION_DAYS * 86_400;

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export async function putImportJob(job: ImportJob): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: {
        ...importKeys.job(job.id),
        ...importKeys.byProvider.attributes(job, job.issuerId),
        expiresAt: expiresAt(new Date(job.createdAt)),
        ...job,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Strongly consistent: the worker resumes from exactly the last checkpoint, and pollers see it at once. */
export async function getImportJob(id: string): Promise<ImportJob | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: importKeys.job(id), ConsistentRead: true }));
  return Item ? ImportJobSchema.parse(Item) : undefined;
}

/** queued → running; a job already running (a continued or retried slice) is left as it is. */
export async function markImportRunning(id: string, now: Date): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: importKeys.job(id),
        UpdateExpression: 'SET #status = :running, startedAt = :now, updatedAt = :now',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': now.toISOString() },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

export interface ChunkTally {
  created: number;
  duplicates: number;
  invalid: number;
  failed: number;
}

const LaneSchema = z.object({ next: z.number() });

/**
 * The first row a lane has not done yet (strongly consistent: a lane resumes from exactly its last
 * checkpoint), or undefined before its first checkpoint.
 */
export async function getLanePosition(id: string, lane: number): Promise<number | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: importKeys.lane(id, lane), ConsistentRead: true }));
  return Item ? LaneSchema.parse(Item).next : undefined;
}

/** A chunk's checkpoint: where its lane was (`from`, and whether that was the lane's start) and goes next. */
export interface LaneMove {
  lane: number;
  from: number;
  /** The lane had no checkpoint yet. */
  first: boolean;
  next: number;
  /** Rows in the chunk. */
  rows: number;
}

/** Attempts at a checkpoint that lost a race with another lane's on the job's counts (a transaction conflict). */
const CONFLICT_ATTEMPTS = 5;

/**
 * Records a chunk: the rows it did not award, its lane moved on, and its counts added to the job's, in
 * one transaction. It is conditional on the lane still being at `from` and the job running, so a chunk
 * is counted once however often it is processed; false when it was not (another delivery got there
 * first, or the job has finished). Lanes add to the same job item: a transaction that conflicts with
 * another lane's is tried again.
 */
export async function checkpointImport(id: string, move: LaneMove, tally: ChunkTally, problems: ImportProblem[], now: Date): Promise<boolean> {
  const command = new TransactWriteCommand({
    TransactItems: [
      {
        Update: {
          TableName: cityTable.name,
          Key: importKeys.lane(id, move.lane),
          UpdateExpression: 'SET #next = :next, expiresAt = :expiresAt',
          ConditionExpression: move.first ? 'attribute_not_exists(#next)' : '#next = :from',
          ExpressionAttributeNames: { '#next': 'next' },
          ExpressionAttributeValues: { ':next': move.next, ':expiresAt': expiresAt(now), ...(move.first ? {} : { ':from': move.from }) },
        },
      },
      {
        Update: {
          TableName: cityTable.name,
          Key: importKeys.job(id),
          // Every name aliased: several (processed, status) are DynamoDB reserved words.
          UpdateExpression:
            'SET #updatedAt = :now ADD #processed :rows, #created :created, #duplicates :duplicates, #invalid :invalid, #failed :failed',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: {
            '#processed': 'processed',
            '#status': 'status',
            '#updatedAt': 'updatedAt',
            '#created': 'created',
            '#duplicates': 'duplicates',
            '#invalid': 'invalid',
            '#failed': 'failed',
          },
          ExpressionAttributeValues: {
            ':rows': move.rows,
            ':running': 'running',
            ':now': now.toISOString(),
            ':created': tally.created,
            ':duplicates': tally.duplicates,
            ':invalid': tally.invalid,
            ':failed': tally.failed,
          },
        },
      },
      ...problems.map((problem) => ({
        Put: { TableName: cityTable.name, Item: { ...importKeys.row(id, problem.row), expiresAt: expiresAt(now), ...problem } },
      })),
    ],
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(command);
      return true;
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      if (codes.includes('ConditionalCheckFailed')) return false;
      // A conflict with another lane's checkpoint (or throttling): try again shortly.
      if (attempt === CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt * Math.random()));
    }
  }
}

export type ImportOutcome = { status: 'completed' } | { status: 'failed'; reason: string };

/**
 * Marks the job finished (once: a finished job stays as it finished) and restarts its retention; false
 * when it had finished already (another lane, or a failure, got there first).
 */
export async function finishImport(id: string, outcome: ImportOutcome, now: Date): Promise<boolean> {
  return db
    .send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: importKeys.job(id),
        UpdateExpression: `SET #status = :status, completedAt = :now, updatedAt = :now, expiresAt = :expiresAt${outcome.status === 'failed' ? ', failureReason = :reason' : ''}`,
        ConditionExpression: '#status IN (:queued, :running)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':queued': 'queued',
          ':running': 'running',
          ':now': now.toISOString(),
          ':expiresAt': expiresAt(now),
          ...(outcome.status === 'failed' ? { ':reason': outcome.reason } : {}),
        },
      }),
    )
    .then(
      () => true,
      (error: unknown) => {
        if (!isConditionFailure(error)) throw error;
        return false;
      },
    );
}

/** Every row that was not awarded, in file order. */
export async function listImportProblems(id: string): Promise<ImportProblem[]> {
  const items = await queryAllWithPrefix(importKeys.job(id).pk, 'ROW#', { consistent: true });
  return items.map((item) => ImportProblemSchema.parse(item));
}

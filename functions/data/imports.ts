// Import jobs: pk JOB#<id>, sk JOB holds the job and its progress; sk ROW#<row> one item per row of
// the file that was not awarded (the error report is built from them). Listed per provider on gsi1
// (PROVIDER#<id>#IMPORTS). Everything expires (TTL) IMPORT_RETENTION_DAYS after it was last written.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ImportJobSchema, ImportProblemSchema, type ImportJob, type ImportProblem } from '../domain/imports';
import { IMPORT_RETENTION_DAYS } from '../../definitions/import-jobs';
import { cityTable, db, indexKey } from './client';
import { queryAllWithPrefix } from './pages';

/** Every key an import job and its report rows are stored or listed under. */
export const importKeys = {
  job: (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' }),
  row: (id: string, row: number) => ({ pk: `JOB#${id}`, sk: `ROW#${String(row).padStart(9, '0')}` }),
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

/**
 * Records a chunk: the rows it did not award, and the job's progress moved from `from` to `to` with
 * the chunk's counts added, in one transaction. It is conditional on the job still being at `from`,
 * so a chunk is counted once however often it is processed; false when it was not (another delivery
 * got there first, or the job has finished).
 */
export async function checkpointImport(id: string, from: number, to: number, tally: ChunkTally, problems: ImportProblem[], now: Date): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: cityTable.name,
              Key: importKeys.job(id),
              // Every name aliased: several (processed, status) are DynamoDB reserved words.
              UpdateExpression:
                'SET #processed = :to, #updatedAt = :now ADD #created :created, #duplicates :duplicates, #invalid :invalid, #failed :failed',
              ConditionExpression: '#processed = :from AND #status = :running',
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
                ':to': to,
                ':from': from,
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
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return false;
    throw error;
  }
}

export type ImportOutcome = { status: 'completed' } | { status: 'failed'; reason: string };

/** Marks the job finished (once: a finished job stays as it finished) and restarts its retention. */
export async function finishImport(id: string, outcome: ImportOutcome, now: Date): Promise<void> {
  await db
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
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** Every row that was not awarded, in file order. */
export async function listImportProblems(id: string): Promise<ImportProblem[]> {
  const items = await queryAllWithPrefix(importKeys.job(id).pk, 'ROW#', { consistent: true });
  return items.map((item) => ImportProblemSchema.parse(item));
}

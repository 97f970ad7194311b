// Processing an import job, one slice of one lane per queue message. The file's chunks are dealt to the
// job's lanes (chunk i to lane i mod lanes), each lane a message group of its own, so several workers
// work on one file at once. The file is read again on every slice (it is the same file, so the same
// rows in the same order) and a lane is worked through from its checkpoint, chunk by chunk: each chunk
// awards its rows with the same code as the batch route, then records its outcome, moves its lane on
// and adds to the job's counts in one conditional transaction. A crash anywhere loses at most the chunk
// in hand, and redoing it awards nobody twice: each row's award has an id derived from the job and row,
// so a redone row finds the award it made before (created), not a learner who already holds the badge.
// The job's counts are exact: each chunk adds to them once. The lane whose checkpoint completes the
// count closes the job.
import { cityKey } from '../auth/city-secret';
import { checkpointImport, finishImport, getImportJob, getLanePosition, listImportProblems, markImportRunning, type ChunkTally } from '../data/imports';
import type { Principal } from '../domain/api-keys';
import { DomainError } from '../domain/errors';
import {
  errorReportCsv,
  importAwardId,
  isFinished,
  prepareRows,
  readImportFile,
  rowProblem,
  sortRows,
  type ImportJob,
  type PreparedRow,
} from '../domain/imports';
import { logger } from '../http/logger';
import { businessMetrics } from '../../definitions/metrics';
import { countMetric } from '../http/observability';
import { AwardRequestSchema } from './award-request';
import { awardRow, prepareAwarding, type Awarding } from './awarding';
import { inPool } from './pool';
import { recipientKeyWith } from './recipients';
import { deleteImportUpload, getImportUpload, putImportReport } from '../storage/imports';
import { enqueueImport, type ImportMessage } from '../imports/queue';
import { IMPORT_LANES } from '../../definitions/import-jobs';

/** Rows per checkpoint: a transaction holds the job update and at most this many row items (limit 100). */
export const CHUNK_ROWS = 50;
/** Awards signed at once, as the batch route does. */
const CONCURRENCY = 4;
/** A slice starts no new chunk with less than this left of its invocation; a chunk takes seconds. */
export const SLICE_RESERVE_MS = 30_000;
/** Attempts at a row that fails for a reason that may pass (a throttled call) within one chunk. */
const ROW_ATTEMPTS = 3;

export interface SliceContext {
  /** Milliseconds left of this invocation. */
  remainingMs: () => number;
  /**
   * The message's last delivery: rows of the first chunk that still fail are recorded as failed instead
   * of the chunk being tried again, and the rest of the job continues in a new message.
   */
  lastAttempt: boolean;
  now?: () => Date;
}

/**
 * `finished`: the job is over (or was already); `continue`: the rest of the lane is queued as a new
 * message; `lane done`: this lane has done its chunks, and the job finishes with its other lanes'; `gone`: no such job.
 */
export type SliceResult = 'finished' | 'continue' | 'lane done' | 'gone';

/** The lanes a job of `total` rows is dealt to: no more than it has chunks. */
export const lanesFor = (total: number) => Math.max(1, Math.min(IMPORT_LANES, Math.ceil(total / CHUNK_ROWS)));
/** A lane's first row: the start of its first chunk. */
export const laneStart = (lane: number) => lane * CHUNK_ROWS;

const FAILED_ROW = 'could not be issued; upload the file again to retry it (learners already awarded are then reported as duplicates)';

/** Thrown when the chunk cannot be done now; the message is retried and the job resumes from its checkpoint. */
export class ChunkFailed extends Error {
  override name = 'ChunkFailed';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function processChunk(job: ImportJob, awarding: Awarding, rows: PreparedRow[], lastAttempt: boolean, now: Date) {
  const sorted = sortRows(rows);
  const tally: ChunkTally = { created: 0, duplicates: sorted.duplicates, invalid: sorted.invalid, failed: 0 };
  const problems = sorted.problems;
  let pending = sorted.awardable;
  const secret = await cityKey('import-award-ids');
  let lastError: unknown;
  for (let attempt = 1; attempt <= ROW_ATTEMPTS && pending.length; attempt++) {
    if (attempt > 1) await sleep(200 * 4 ** (attempt - 2));
    const outcomes = await inPool(pending, CONCURRENCY, (row) =>
      awardRow(awarding, row.reading.request, row.recipient, { id: importAwardId(secret, job.id, row.row), now, notify: job.notify }),
    );
    const failing: typeof pending = [];
    for (const [i, outcome] of outcomes.entries()) {
      const row = pending[i]!;
      if (outcome.status === 'created') tally.created++;
      else if (outcome.status === 'duplicate') {
        tally.duplicates++;
        problems.push(rowProblem(row, 'duplicate', outcome.detail));
      } else {
        lastError = outcome.error;
        failing.push(row);
      }
    }
    pending = failing;
  }
  if (pending.length) {
    // Retry the chunk later (the message comes back after a backoff): what it did award is found again
    // by id. Only the message's last delivery records the rows as failed, so that the job can finish.
    if (!lastAttempt) {
      throw new ChunkFailed(`${pending.length} rows of the chunk could not be issued: ${(lastError as Error | undefined)?.message ?? 'unknown error'}`, {
        cause: lastError,
      });
    }
    logger.warn('rows of an import failed', { importId: job.id, rows: pending.map((r) => r.row), error: (lastError as Error | undefined)?.name });
    for (const row of pending) {
      tally.failed++;
      problems.push(rowProblem(row, 'failed', FAILED_ROW));
    }
  }
  return { tally, problems };
}

/**
 * The report of the rows not awarded so far, and no more upload: done on completion and on failure
 * alike. Without the version (a slice that found every row already done never read the file), the
 * delete leaves a delete marker, and the lifecycle rule removes the data within a day.
 */
async function closeJob(job: ImportJob, uploadVersion: string | undefined): Promise<void> {
  await putImportReport(job.id, errorReportCsv(await listImportProblems(job.id)));
  await deleteImportUpload(job.id, uploadVersion);
}

/** Fails the job with `reason`: what was processed stays (awards, report), the rest is not done. */
export async function failImport(job: ImportJob, reason: string, now: Date, uploadVersion?: string): Promise<void> {
  await closeJob(job, uploadVersion);
  if (await finishImport(job.id, { status: 'failed', reason: `${reason} (${job.processed} of ${job.total} rows were processed)` }, now)) {
    countMetric(businessMetrics.importsFailed);
  }
}

/** Works through a lane of the job from its checkpoint until it is done or the invocation's time runs low. */
export async function runImportSlice({ importId, lane }: ImportMessage, context: SliceContext): Promise<SliceResult> {
  const now = context.now ?? (() => new Date());
  let job = await getImportJob(importId);
  if (!job) return 'gone';
  if (isFinished(job)) return 'finished';
  if (job.status === 'queued') {
    await markImportRunning(job.id, now());
    job = { ...job, status: 'running' };
  }
  // The worker awards for the job's provider, as the key that uploaded it was allowed to.
  const principal: Principal = { role: 'provider', providerId: job.issuerId, scopes: ['badges:issue'], keyPrefix: job.submittedBy.keyPrefix };
  const step = job.lanes * CHUNK_ROWS;
  // A job from before lanes has one, whose checkpoint was the job's own count.
  const start = job.lanes === 1 ? job.processed : laneStart(lane);
  let uploadVersion: string | undefined;
  try {
    let stored = await getLanePosition(job.id, lane);
    let position = stored ?? start;
    if (position < job.total) {
      const upload = await getImportUpload(job.id);
      if (!upload) {
        await failImport(job, 'The uploaded file is no longer stored; upload it again', now());
        return 'finished';
      }
      uploadVersion = upload.versionId;
      const recipientKeys = await cityKey('recipient-keys');
      const rows = prepareRows(readImportFile(upload.bytes), AwardRequestSchema, (email) => recipientKeyWith(recipientKeys, email));
      if (rows.length !== job.total) throw new Error(`Import ${job.id}: the file has ${rows.length} rows, the job ${job.total}`);
      while (position < job.total) {
        if (context.remainingMs() < SLICE_RESERVE_MS) {
          await enqueueImport(job.id, lane, position);
          return 'continue';
        }
        // Checked again for every chunk: a class archived meanwhile ends the job.
        const awarding = await prepareAwarding(job.badgeClassId, principal);
        const to = Math.min(position + CHUNK_ROWS, job.total);
        const { tally, problems } = await processChunk(job, awarding, rows.slice(position, to), context.lastAttempt, now());
        const move = { lane, from: position, first: stored === undefined, next: position + step, rows: to - position };
        if (await checkpointImport(job.id, move, tally, problems, now())) {
          stored = position = move.next;
        } else {
          // Another delivery moved the lane on, or the job has finished: carry on from where it is.
          const current = await getImportJob(job.id);
          if (!current || isFinished(current)) return 'finished';
          job = current;
          stored = await getLanePosition(job.id, lane);
          position = stored ?? start;
        }
        // A last delivery has done its one chunk; the rest goes on in a fresh message, with retries of its own.
        if (context.lastAttempt && position < job.total) {
          await enqueueImport(job.id, lane, position);
          return 'continue';
        }
      }
    }
    // This lane is done; the job is when every row is counted, which the last lane's checkpoint sees
    // (and lanes finishing together may all see: closing twice writes the same report).
    const current = await getImportJob(job.id);
    if (!current || isFinished(current)) return 'finished';
    if (current.processed < current.total) return 'lane done';
    await closeJob(current, uploadVersion);
    if (await finishImport(current.id, { status: 'completed' }, now())) countMetric(businessMetrics.importsCompleted);
    return 'finished';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await failImport(job, error.message, now(), uploadVersion);
    return 'finished';
  }
}

/** Fails a job that has used up its deliveries (the worker's last attempt), unless it finished meanwhile. */
export async function failAfterRetries(importId: string, reason: string): Promise<void> {
  const job = await getImportJob(importId);
  if (job && !isFinished(job)) await failImport(job, reason, new Date());
}

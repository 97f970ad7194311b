// Submitting an import and reading it back. The file is checked here, before anything is stored (a
// wrong header is a 400 naming the column, at once); its rows are checked by the worker, each on its
// own, and reported by row. Who may see a job: its badge class's provider and city admins; anyone
// else gets "not found", as for a job that does not exist.
import { awardableBadgeClass } from '../services/awardable';
import { finishImport, getImportJob, putImportJob } from '../data/imports';
import type { Principal } from '../domain/api-keys';
import { DomainError, notFound } from '../domain/errors';
import { randomId } from '../domain/ids';
import { IMPORT_ID_LENGTH, isFinished, readImportFile, type ImportJob } from '../domain/imports';
import { assertActsFor } from '../domain/ownership';
import { getImportReport, putImportUpload } from '../storage/imports';
import { enqueueImport } from './queue';
import { laneStart, lanesFor } from '../services/import-runs';
import { countMetric } from '../http/observability';
import { businessMetrics } from '../../definitions/metrics';

export async function submitImport(badgeClassId: string, file: Buffer, principal: Principal, options: { now: Date; notify: boolean }): Promise<ImportJob> {
  const { now } = options;
  const badgeClass = await awardableBadgeClass(badgeClassId, principal);
  const { rows } = readImportFile(file);
  const at = now.toISOString();
  const job: ImportJob = {
    id: randomId(IMPORT_ID_LENGTH),
    issuerId: badgeClass.issuerId,
    badgeClassId,
    status: 'queued',
    total: rows.length,
    processed: 0,
    lanes: lanesFor(rows.length),
    created: 0,
    duplicates: 0,
    invalid: 0,
    failed: 0,
    submittedBy: { role: principal.role, keyPrefix: principal.keyPrefix },
    notify: options.notify,
    createdAt: at,
    updatedAt: at,
  };
  // The file first, the job second, the message last: whatever the worker is sent exists.
  await putImportUpload(job.id, file);
  await putImportJob(job);
  try {
    for (let lane = 0; lane < job.lanes; lane++) await enqueueImport(job.id, lane, laneStart(lane));
  } catch (error) {
    // Say so on the job rather than leave it queued for ever; the upload expires with the lifecycle rule.
    await finishImport(job.id, { status: 'failed', reason: 'The job could not be queued; upload the file again' }, now).catch(() => undefined);
    throw error;
  }
  countMetric(businessMetrics.importsSubmitted);
  return job;
}

export async function importFor(id: string, principal: Principal): Promise<ImportJob> {
  const job = await getImportJob(id);
  if (!job) throw notFound(`Import ${id}`);
  assertActsFor(principal, job.issuerId, `Import ${id}`);
  return job;
}

/** The error report (CSV), once the job has finished. */
export async function importReport(id: string, principal: Principal): Promise<Buffer> {
  const job = await importFor(id, principal);
  if (!isFinished(job)) {
    throw new DomainError('conflict', `Import ${id} is ${job.status} (${job.processed} of ${job.total} rows): its error report is written when it finishes`);
  }
  const report = await getImportReport(id);
  if (!report) throw notFound(`The error report of import ${id}`);
  return report;
}

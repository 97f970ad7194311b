// What `npm run import` prints about a job: a progress bar on a terminal, plain lines otherwise, and
// the summary at the end. Pure, so it is tested without a terminal.
import type { presentImportJob } from '../functions/domain/imports';

export type ImportJobView = ReturnType<typeof presentImportJob>;

const counts = (job: ImportJobView) => `${job.created} created, ${job.duplicates} duplicates, ${job.invalid} invalid, ${job.failed} failed`;
const percent = (job: ImportJobView) => (job.total ? Math.floor((job.processed / job.total) * 100) : 0);

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Rows per second, and when at that pace the job ends. */
export interface Pace {
  rowsPerSecond: number;
}

/** One line that fits `width` columns: a bar while the job runs; the counts give way first when it is narrow. */
export function progressBar(job: ImportJobView, width: number, pace?: Pace): string {
  if (job.status === 'queued') return `Queued: ${job.total} rows, waiting for the worker …`.slice(0, width);
  const rate = pace && pace.rowsPerSecond > 0 ? `  ${pace.rowsPerSecond.toFixed(1)} rows/s, ${duration((job.total - job.processed) / pace.rowsPerSecond)} left` : '';
  const essential = ` ${String(percent(job)).padStart(3)}%  ${job.processed}/${job.total} rows${rate}`;
  const full = `${essential}  (${counts(job)})`;
  const text = full.length + 12 <= width ? full : essential;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 2));
  const filled = job.total ? Math.round((job.processed / job.total) * barWidth) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]${text}`.slice(0, width);
}

/** A plain line for logs and pipes. */
export const progressLine = (job: ImportJobView): string =>
  job.status === 'queued' ? `queued: ${job.total} rows` : `${job.status}: ${percent(job)}% ${job.processed}/${job.total} rows (${counts(job)})`;

export function summary(job: ImportJobView, reportFile?: string): string[] {
  const lines = [
    job.status === 'completed' ? `Import ${job.id} completed: ${job.total} rows.` : `Import ${job.id} failed: ${job.failureReason ?? 'no reason given'}`,
    `  created     ${job.created}`,
    `  duplicates  ${job.duplicates}  (learners who already hold the badge, or appear twice in the file)`,
    `  invalid     ${job.invalid}`,
    `  failed      ${job.failed}${job.failed ? '  (run the import again to retry them: learners already awarded are skipped as duplicates)' : ''}`,
  ];
  if (job.status === 'failed' && job.processed < job.total) lines.push(`  not processed ${job.total - job.processed}`);
  if (reportFile) lines.push(`Rows not awarded, and why: ${reportFile}`);
  if (job.errorsUrl) lines.push(`Error report: ${job.errorsUrl}`);
  return lines;
}

/** 0: completed and nothing failed; 2: completed but some rows could not be issued; 1: the job failed. */
export const exitCode = (job: ImportJobView) => (job.status === 'completed' ? (job.failed ? 2 : 0) : 1);

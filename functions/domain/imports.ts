// Award imports: a CSV file of learners, one award per row, processed as a job. This module reads the
// file (header, rows, limits), turns a row into the same award request a single award takes, and says
// what the job looks like to its provider. Learners' emails are personal data: they never leave the
// row they are on, and what is kept about a row that was not awarded shows the email only masked.
import * as z from 'zod/mini';
import { ROLES } from './api-keys';
import { derivedAwardId, type awardRequestSchema, type AwardRequest } from './awards';
import { readCsvTable, toCsv, type CsvRecord } from './csv';
import { DomainError, invalid, type FieldProblem } from './errors';
import { randomIdPattern } from './ids';

/** The columns a file may have: `email`, and the optional fields of a single award (`name` is kept sealed, as there). */
export const IMPORT_COLUMNS = ['email', 'name', 'narrative', 'issuedOn', 'evidenceUrl', 'evidenceName', 'evidenceNarrative'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/**
 * Lambda takes at most 6 MB of request, and API Gateway may hand the body over base64-encoded (a
 * third larger): 4 MiB of CSV always fits. That is ~100,000 rows of a typical email address.
 */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** A job of this size runs in about half an hour in AWS; bigger files are split by the provider. */
export const MAX_IMPORT_ROWS = 50_000;

export const IMPORT_ID_LENGTH = 20;
export const importId = z.string().check(z.regex(randomIdPattern(IMPORT_ID_LENGTH), 'must be an import id'));

export interface ImportFile {
  columns: ImportColumn[];
  /** The data rows, blank ones left out; each keeps its spreadsheet row number. */
  rows: CsvRecord[];
}

const columnByLowercase = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** The header row's columns, or a 400 naming every column that is wrong. */
export function readHeader(fields: readonly string[]): ImportColumn[] {
  const problems: FieldProblem[] = [];
  const columns: ImportColumn[] = [];
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim();
    const column = columnByLowercase.get(name.toLowerCase());
    if (!name) problems.push({ in: 'body', field: `column ${index + 1}`, detail: 'has no name in the header row' });
    else if (!column) problems.push({ in: 'body', field: name, detail: `is not a known column; the columns are ${IMPORT_COLUMNS.join(', ')}` });
    else if (columns.includes(column)) problems.push({ in: 'body', field: column, detail: 'appears twice in the header row' });
    if (column) columns.push(column);
  }
  if (!columns.includes('email')) problems.push({ in: 'body', field: 'email', detail: 'column is required: the first row must be a header naming the columns' });
  if (problems.length) throw invalid(problems);
  return columns;
}

/** Reads an uploaded file: UTF-8 CSV, a header row, then 1 to MAX_IMPORT_ROWS rows. */
export function readImportFile(bytes: Uint8Array): ImportFile {
  const { header, rows } = readCsvTable(bytes, { columns: IMPORT_COLUMNS, rows: 'learners' });
  const columns = readHeader(header.fields);
  if (rows.length > MAX_IMPORT_ROWS) throw new DomainError('too-large', `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`);
  return { columns, rows };
}

export interface RowProblem {
  columns: ImportColumn[];
  detail: string;
}

export type RowReading = { ok: true; request: AwardRequest; email: string } | { ok: false; problems: RowProblem[]; email: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The column an award request field came from. */
const columnOf = (path: readonly PropertyKey[]): ImportColumn[] => {
  if (path[0] === 'recipient') return path[1] === 'name' ? ['name'] : ['email'];
  if (path[0] === 'evidence') {
    const field = path[2];
    if (field === 'url') return ['evidenceUrl'];
    if (field === 'name') return ['evidenceName'];
    if (field === 'narrative') return ['evidenceNarrative'];
    return ['evidenceUrl', 'evidenceNarrative'];
  }
  return path[0] === 'narrative' || path[0] === 'issuedOn' ? [path[0]] : [];
};

/**
 * One row as the award request a single award takes. Cells are trimmed and empty ones left out; a
 * date alone (`2026-03-01`, as spreadsheets write dates) means midnight UTC that day. A row shorter
 * than the header has empty cells at the end; a longer one is a problem only when the extra cells
 * hold something.
 */
export function readRow(columns: readonly ImportColumn[], record: CsvRecord, schema: ReturnType<typeof awardRequestSchema>): RowReading {
  const cell = (column: ImportColumn) => {
    const index = columns.indexOf(column);
    const value = index === -1 ? '' : (record.fields[index] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const email = cell('email') ?? '';
  const extra = record.fields.slice(columns.length).filter((field) => field.trim() !== '');
  if (extra.length) {
    return { ok: false, email, problems: [{ columns: [], detail: `has ${record.fields.length} cells but the header names ${columns.length} columns` }] };
  }
  if (!email) return { ok: false, email, problems: [{ columns: ['email'], detail: 'is empty' }] };
  const issuedOn = cell('issuedOn');
  const evidence = { url: cell('evidenceUrl'), name: cell('evidenceName'), narrative: cell('evidenceNarrative') };
  const candidate = {
    recipient: { email, name: cell('name') },
    evidence: Object.values(evidence).some((value) => value !== undefined) ? [evidence] : [],
    narrative: cell('narrative'),
    issuedOn: issuedOn && DATE_ONLY.test(issuedOn) ? `${issuedOn}T00:00:00Z` : issuedOn,
  };
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { ok: true, request: parsed.data, email };
  return { ok: false, email, problems: parsed.error.issues.map((issue) => ({ columns: columnOf(issue.path), detail: issue.message })) };
}

/** Enough of an address for its owner to recognise it beside the row number, too little to use: `j***@s***.org`. */
export function maskEmail(value: string): string {
  const email = value.trim();
  if (!email) return '';
  const at = email.lastIndexOf('@');
  if (at <= 0) return `${email[0]}***`;
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${email[0]}***@${dot > 0 ? `${domain[0]}***${domain.slice(dot)}` : '***'}`;
}

/**
 * The award id of a file's row: the same job and row always give the same id, so a chunk that is
 * retried after a crash finds the awards it already made instead of making them twice. Keyed with a
 * city secret, so it is as unguessable as a random id.
 */
export const importAwardId = (secret: Buffer, jobId: string, row: number) => derivedAwardId(secret, `import-award:${jobId}:${row}`);

/** A row of the file, read: its request if valid, the learner's keyed hash, and the first row of that learner. */
export interface PreparedRow {
  row: number;
  reading: RowReading;
  /** The learner's keyed hash, for valid rows. */
  recipient?: string;
  /** The first row of the file with a valid request for the same learner. */
  firstRow?: number;
}

/** Every row of the file read as an award request, and each learner's first row found (`keyOf`: their keyed hash). */
export function prepareRows(file: ImportFile, schema: ReturnType<typeof awardRequestSchema>, keyOf: (email: string) => string): PreparedRow[] {
  const firstRowOf = new Map<string, number>();
  return file.rows.map((record) => {
    const reading = readRow(file.columns, record, schema);
    if (!reading.ok) return { row: record.row, reading };
    const recipient = keyOf(reading.email);
    if (!firstRowOf.has(recipient)) firstRowOf.set(recipient, record.row);
    return { row: record.row, reading, recipient, firstRow: firstRowOf.get(recipient)! };
  });
}

/** A row that was not awarded, with its email masked: the only form in which a row is kept. */
export const rowProblem = (row: PreparedRow, status: ImportProblem['status'], detail: string, columns: string[] = []): ImportProblem => ({
  row: row.row,
  status,
  email: maskEmail(row.reading.email),
  columns,
  detail,
});

/** A valid row to award: its request and learner. */
export type AwardableRow = PreparedRow & { reading: Extract<RowReading, { ok: true }>; recipient: string };

/**
 * Sorts a chunk's rows: invalid ones and later rows of a learner already on the file are reported
 * (`problems`), the rest are to be awarded (`awardable`).
 */
export function sortRows(rows: readonly PreparedRow[]): { awardable: AwardableRow[]; problems: ImportProblem[]; invalid: number; duplicates: number } {
  const awardable: AwardableRow[] = [];
  const problems: ImportProblem[] = [];
  let invalid = 0;
  let duplicates = 0;
  for (const row of rows) {
    if (!row.reading.ok) {
      invalid++;
      const columns = [...new Set(row.reading.problems.flatMap((p) => p.columns))];
      const detail = row.reading.problems.map((p) => (p.columns.length ? `${p.columns.join(' or ')} ${p.detail}` : p.detail)).join('; ');
      problems.push(rowProblem(row, 'invalid', detail, columns));
    } else if (row.firstRow !== row.row) {
      duplicates++;
      problems.push(rowProblem(row, 'duplicate', `the same learner is on row ${row.firstRow} of this file`));
    } else {
      awardable.push(row as AwardableRow);
    }
  }
  return { awardable, problems, invalid, duplicates };
}

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ImportJobSchema = z.object({
  id: z.string(),
  /** The provider whose badge class is awarded: only it (and city admins) may see the job. */
  issuerId: z.string(),
  badgeClassId: z.string(),
  status: z.enum(IMPORT_STATUSES),
  /** Data rows in the file. */
  total: z.number(),
  /** Rows done (counted once each, whichever lane did them). */
  processed: z.number(),
  /**
   * How many lanes the file's chunks are dealt to (chunk i to lane i mod lanes), each worked by its own
   * message group, so that a large file is worked by several workers at once. Jobs from before lanes: 1.
   */
  lanes: z._default(z.number(), 1),
  created: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  failed: z.number(),
  /** Who uploaded it (as the audit log names callers: never a secret). */
  submittedBy: z.object({ role: z.enum(ROLES), keyPrefix: z.string() }),
  /** False: the import's learners are not emailed (absent on jobs from before emails: as true). */
  notify: z.optional(z.boolean()),
  failureReason: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.optional(z.string()),
  completedAt: z.optional(z.string()),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const isFinished = (job: Pick<ImportJob, 'status'>) => job.status === 'completed' || job.status === 'failed';

export const importUrls = (baseUrl: string, id: string) => ({ job: `${baseUrl}/imports/${id}`, errors: `${baseUrl}/imports/${id}/errors` });

/** The job as its provider sees it; the error report's URL once the job has finished. */
export function presentImportJob(job: ImportJob, baseUrl: string) {
  const urls = importUrls(baseUrl, job.id);
  return {
    id: job.id,
    status: job.status,
    badgeClass: { id: job.badgeClassId, url: `${baseUrl}/badge-classes/${job.badgeClassId}` },
    total: job.total,
    processed: job.processed,
    created: job.created,
    duplicates: job.duplicates,
    invalid: job.invalid,
    failed: job.failed,
    ...(job.failureReason ? { failureReason: job.failureReason } : {}),
    url: urls.job,
    ...(isFinished(job) ? { errorsUrl: urls.errors } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.completedAt ? { completedAt: job.completedAt } : {}),
  };
}

/** A row that was not awarded, as the error report shows it. */
export const ImportProblemSchema = z.object({
  row: z.number(),
  status: z.enum(['invalid', 'duplicate', 'failed']),
  /** Masked (maskEmail): the full address is never kept. */
  email: z.string(),
  columns: z.array(z.string()),
  detail: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

/** The error report: one line per row that was not awarded, in file order. */
export const errorReportCsv = (problems: readonly ImportProblem[]) =>
  toCsv([
    ['row', 'status', 'email', 'columns', 'detail'],
    ...[...problems].sort((a, b) => a.row - b.row).map((p) => [String(p.row), p.status, p.email, p.columns.join(' '), p.detail]),
  ]);

// What the import routes take and answer.
import * as z from 'zod/mini';
import { BadgeClassParams } from '../badge-classes/schemas';
import { IMPORT_STATUSES, importId, MAX_IMPORT_BYTES } from '../domain/imports';
import { jsonResponse, type GroupContract } from '../http/contract';

const count = z.int().check(z.nonnegative());

/** An import job as `presentImportJob` answers it: its progress, and the error report once finished. */
export const ImportJobJsonSchema = z
  .object({
    id: z.string(),
    status: z.enum(IMPORT_STATUSES),
    badgeClass: z.object({ id: z.string(), url: z.url() }),
    total: z.optional(count),
    processed: count,
    created: count,
    duplicates: count,
    invalid: count,
    failed: count,
    failureReason: z.optional(z.string()),
    url: z.url(),
    errorsUrl: z.optional(z.url()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    startedAt: z.optional(z.iso.datetime()),
    completedAt: z.optional(z.iso.datetime()),
  })
  .check(z.meta({ id: 'ImportJob', description: 'A file of learners being awarded in the background, and its progress' }));

const ImportParams = z.object({ importId });

const ImportQuery = z.object({
  notify: z.optional(z.enum(['true', 'false']).check(z.describe("Email each learner awarded (default true); false emails none of the file's learners"))),
});

export const contract = {
  'POST /badge-classes/{badgeClassId}/imports': {
    params: BadgeClassParams,
    query: ImportQuery,
    rawBody: { contentTypes: ['text/csv'], maxBytes: MAX_IMPORT_BYTES },
    idempotent: true,
    response: jsonResponse('The job, queued: follow its Location for progress', ImportJobJsonSchema, { status: 202, headers: { Location: 'The job' } }),
    conflict: 'The badge class is archived: it can no longer be awarded',
  },
  'GET /imports/{importId}': {
    params: ImportParams,
    response: jsonResponse('The job and its progress', ImportJobJsonSchema),
  },
  'GET /imports/{importId}/errors': {
    params: ImportParams,
    response: {
      status: 200,
      description: 'The error report: a CSV line per row not awarded (row, status, masked email, columns, detail)',
      content: { 'text/csv': z.string().check(z.describe('CSV, UTF-8')) },
      headers: { 'Content-Disposition': 'attachment; the file name' },
    },
    conflict: 'The job has not finished yet',
  },
} satisfies GroupContract<'imports'>;

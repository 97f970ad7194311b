// Route group "imports": award a badge to a whole file of learners (CSV), as a job that runs in the
// background (functions/imports/worker.ts), with its progress and a per-row error report.
import * as z from 'zod/mini';
import { readCity } from '../city/env';
import { BadgeClassParams } from '../badge-classes/schemas';
import { importId, MAX_IMPORT_BYTES, presentImportJob } from '../domain/imports';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { binary, json } from '../http/reply';
import { importFor, importReport, submitImport } from './service';

const { baseUrl } = readCity();
const ImportParams = z.object({ importId });

const submit = authenticatedRoute(
  { params: BadgeClassParams, rawBody: { contentTypes: ['text/csv'], maxBytes: MAX_IMPORT_BYTES }, idempotent: true },
  async ({ params, raw, principal }) => {
    const job = presentImportJob(await submitImport(params.badgeClassId, raw, principal, new Date()), baseUrl);
    return json(job, { status: 202, headers: { location: job.url } });
  },
);

const get = authenticatedRoute({ params: ImportParams }, async ({ params, principal }) =>
  json(presentImportJob(await importFor(params.importId, principal), baseUrl)),
);

const errors = authenticatedRoute({ params: ImportParams }, async ({ params, principal }) =>
  binary(await importReport(params.importId, principal), 'text/csv; charset=utf-8', {
    headers: { 'content-disposition': `attachment; filename="import-${params.importId}-errors.csv"` },
  }),
);

export const handler = dispatch('imports', {
  'POST /badge-classes/{badgeClassId}/imports': submit,
  'GET /imports/{importId}': get,
  'GET /imports/{importId}/errors': errors,
});

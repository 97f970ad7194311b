// Route group "imports": award a badge to a whole file of learners (CSV), as a job that runs in the
// background (functions/imports/worker.ts), with its progress and a per-row error report.
import { readCity } from '../../definitions/city-env';
import { presentImportJob } from '../domain/imports';
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { binary, json } from '../http/reply';
import { contract } from './contract';
import { importFor, importReport, submitImport } from './service';

const { baseUrl } = readCity();
const submit = authenticatedRoute(
  contract['POST /badge-classes/{badgeClassId}/imports'],
  async ({ params, query, raw, principal }) => {
    const job = presentImportJob(await submitImport(params.badgeClassId, raw, principal, { now: new Date(), notify: query.notify !== 'false' }), baseUrl);
    return json(job, { status: 202, headers: { location: job.url } });
  },
);

const get = authenticatedRoute(contract['GET /imports/{importId}'], async ({ params, principal }) =>
  json(presentImportJob(await importFor(params.importId, principal), baseUrl)),
);

const errors = authenticatedRoute(contract['GET /imports/{importId}/errors'], async ({ params, principal }) =>
  binary(await importReport(params.importId, principal), 'text/csv; charset=utf-8', {
    headers: { 'content-disposition': `attachment; filename="import-${params.importId}-errors.csv"` },
  }),
);

export const handler = dispatch('imports', {
  'POST /badge-classes/{badgeClassId}/imports': submit,
  'GET /imports/{importId}': get,
  'GET /imports/{importId}/errors': errors,
});

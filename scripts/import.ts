// `npm run import -- --city <id> --badge-class <id> [--local] file.csv`: awards a badge to every learner
// in a CSV file. Uploads it (POST /badge-classes/{id}/imports), follows the job with a progress bar,
// then prints the summary and saves the error report beside the file.
//   The API key: COL_API_KEY (a provider key with badges:issue, or a city admin's); with --local and no
//   COL_API_KEY, the local city's admin key from .local/<city>/secrets.json.
//   The city's URL: --url, else the running local city (--local: found through the ports it recorded
//   under its data folder, local/ports.ts), else PublicBaseUrl from the deployed stack's outputs
//   (cdk-outputs.json, or --outputs <file>).
// Exit status: 0 completed, 2 completed with rows that could not be issued, 1 anything else.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MAX_IMPORT_BYTES } from '../functions/domain/imports';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { loadLocalSecrets } from '../local/secrets';
import { exitCode, progressBar, progressLine, summary, type ImportJobView } from './import-progress';
import { commandLine, fail, stackOutputs } from './cli';

const USAGE = `Usage: npm run import -- --city <id> --badge-class <id> [--local] [--url <city URL>] [--outputs cdk-outputs.json] [--errors <file>] file.csv
  Awards the badge class to every learner in a CSV file (README: "Importing a file of learners").
  --local             the local city running now (npm start; LOCAL_DATA_DIR if it was started with one),
                      with its city-admin key unless COL_API_KEY is set
  --url <city URL>    any other city; COL_API_KEY must hold one of its keys
  --errors <file>     where to save the error report (default: <file>.errors.csv beside the file)
Exit status: 0 completed, 2 completed with rows that failed (run it again to retry them), 1 otherwise.`;

const parse = () =>
  commandLine(
    USAGE,
    {
      city: { type: 'string' },
      'badge-class': { type: 'string' },
      local: { type: 'boolean', default: false },
      url: { type: 'string' },
      outputs: { type: 'string', default: 'cdk-outputs.json' },
      errors: { type: 'string' },
      interval: { type: 'string', default: '1' },
    },
    true,
  );

const { values, positionals } = parse();
if (!values.city || !values['badge-class'] || positionals.length !== 1) fail(USAGE);
const file = positionals[0]!;
const badgeClassId = values['badge-class'];
// A missing city config or a stopped local city is a sentence, not a stack trace.
const orFail = <T>(step: () => T): T => {
  try {
    return step();
  } catch (error) {
    fail((error as Error).message);
  }
};
const config = orFail(() => loadCityConfig(values.city!));

function cityUrl(): string {
  if (values.url) return values.url.replace(/\/+$/, '');
  if (values.local) return orFail(() => runningCity(optionsFromEnv().dataDir, config.id)).url;
  return stackOutputs(config, values.outputs!)('PublicBaseUrl');
}

function apiKey(): string {
  const key = process.env.COL_API_KEY;
  if (key) return key;
  if (values.local) {
    const secrets = loadLocalSecrets(join(optionsFromEnv().dataDir, config.id, 'secrets.json'));
    if (secrets.keys['city-admin']) return secrets.keys['city-admin'];
  }
  fail('Set COL_API_KEY to an API key of this city (a provider key with badges:issue, or a city admin key)');
}

const baseUrl = cityUrl();
const headers = { authorization: `Bearer ${apiKey()}` };
const size = orFail(() => statSync(file)).size;
if (size > MAX_IMPORT_BYTES) fail(`${file} is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB can be imported at once: split it`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prints a problem+json answer: its detail, and each field it names. */
async function refused(response: Response): Promise<never> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; errors?: { field: string; detail: string }[] };
    console.error(`${response.status}: ${problem.detail ?? text}`);
    for (const error of problem.errors ?? []) console.error(`  - ${error.field ? `${error.field}: ` : ''}${error.detail}`);
  } catch {
    console.error(`${response.status}: ${text}`);
  }
  process.exit(1);
}

/** Uploads the file. Retries (network errors, 5xx, 409 while a first attempt runs) repeat the Idempotency-Key, so at most one job starts. */
async function upload(): Promise<ImportJobView> {
  const body = readFileSync(file);
  const idempotencyKey = `import-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await fetch(`${baseUrl}/badge-classes/${encodeURIComponent(badgeClassId)}/imports`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
        body,
      });
    } catch (error) {
      if (attempt >= 4) fail(`Cannot reach ${baseUrl}: ${(error as Error).message}`);
    }
    if (response?.status === 202) return (await response.json()) as ImportJobView;
    if (response && response.status < 500 && response.status !== 409) await refused(response);
    if (attempt >= 4) await refused(response!);
    await sleep(500 * 2 ** attempt);
  }
}

async function poll(url: string): Promise<ImportJobView> {
  for (let failures = 0; ; ) {
    try {
      const response = await fetch(url, { headers });
      if (response.ok) return (await response.json()) as ImportJobView;
      if (response.status < 500) await refused(response);
    } catch (error) {
      if (++failures > 10) fail(`Lost contact with ${baseUrl}: ${(error as Error).message}`);
    }
    await sleep(2000);
  }
}

async function follow(job: ImportJobView): Promise<ImportJobView> {
  const tty = process.stdout.isTTY === true;
  const intervalMs = Math.max(200, Number(values.interval) * 1000 || 1000);
  let started: { at: number; processed: number } | undefined;
  let lastLine = '';
  let lastPrinted = 0;
  for (;;) {
    if (job.status !== 'queued') started ??= { at: Date.now(), processed: job.processed };
    const seconds = started ? (Date.now() - started.at) / 1000 : 0;
    const pace = started && seconds > 2 && job.processed > started.processed ? { rowsPerSecond: (job.processed - started.processed) / seconds } : undefined;
    if (tty) {
      process.stdout.write(`\r${progressBar(job, process.stdout.columns || 100, pace)}\x1b[K`);
    } else {
      // One line per change, at most every five seconds, so that logs stay readable.
      const line = progressLine(job);
      if (line !== lastLine && (Date.now() - lastPrinted > 5000 || job.status === 'completed' || job.status === 'failed')) {
        console.log(line);
        lastLine = line;
        lastPrinted = Date.now();
      }
    }
    if (job.status === 'completed' || job.status === 'failed') {
      if (tty) process.stdout.write('\n');
      return job;
    }
    await sleep(intervalMs);
    job = await poll(job.url);
  }
}

const job = await follow(await upload());
let reportFile: string | undefined;
if (job.errorsUrl && job.duplicates + job.invalid + job.failed > 0) {
  const response = await fetch(job.errorsUrl, { headers });
  if (response.ok) {
    reportFile = values.errors ?? join(dirname(file), `${basename(file, '.csv')}.errors.csv`);
    writeFileSync(reportFile, Buffer.from(await response.arrayBuffer()));
  }
}
for (const line of summary(job, reportFile)) console.log(line);
process.exit(exitCode(job));

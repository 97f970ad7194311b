// Bundle size of every Lambda (minified, AWS SDK external, the CDK stack's own settings) and its module
// init time: importing the bundle in a fresh Node process, median of several runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '../lib/lambda-bundling';
import { apiKeyAuthorizer, routeGroups } from '../definitions/routes';
import { IMPORT_WORKER_ENTRY } from '../definitions/import-jobs';
import { report } from './stats';

const SIZE_TARGET_KB = 150;
const INIT_TARGET_MS = 40;
const RUNS = 7;

const entries: Record<string, string> = {
  ...Object.fromEntries(Object.entries(routeGroups).map(([name, group]) => [name, group.entry])),
  'spine-sync': 'functions/spine/handler.ts',
  authorizer: apiKeyAuthorizer.entry,
  'imports-worker': IMPORT_WORKER_ENTRY,
};

// Inside the repo so that the external @aws-sdk/* packages resolve from node_modules, as the
// Lambda runtime resolves its own copy.
const outDir = join('.local', 'bench', 'bundles');

const env = {
  ...process.env,
  TABLE_NAME: 'bench',
  BUCKET_NAME: 'bench',
  IMPORT_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/bench.fifo',
  CITY_ID: 'bench',
  CITY_NAME: 'Bench',
  PUBLIC_BASE_URL: 'https://bench.example',
  CITY_BRANDING: JSON.stringify({ displayName: 'Bench', primaryColour: '#000000', secondaryColour: '#ffffff' }),
  AWS_REGION: 'eu-west-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function initTimeMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`./${file}`)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString()));
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export async function benchBundles(): Promise<boolean> {
  mkdirSync(outDir, { recursive: true });
  let allMet = true;
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = join(outDir, `${name}.mjs`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      minify: lambdaBundling.minify,
      format: lambdaBundling.format,
      target: lambdaBundling.target,
      mainFields: [...lambdaBundling.mainFields],
      external: [...lambdaBundling.externalModules],
      banner: { js: lambdaBundling.banner },
      alias: Object.fromEntries(Object.entries(lambdaBundling.aliases).map(([from, to]) => [from, resolve(to)])),
      logLevel: 'error',
    });
    const kb = statSync(outfile).size / 1024;
    allMet = report(`bundle size: ${name}`, `${kb.toFixed(1)} KB`, `<= ${SIZE_TARGET_KB} KB`, kb <= SIZE_TARGET_KB) && allMet;
    const ms = initTimeMs(outfile);
    allMet = report(`module init: ${name}`, `${ms.toFixed(1)} ms (median of ${RUNS})`, `<= ${INIT_TARGET_MS} ms`, ms <= INIT_TARGET_MS) && allMet;
  }
  return allMet;
}

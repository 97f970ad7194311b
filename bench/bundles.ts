// Bundle size and module init of every Lambda, the way Lambda loads it: the asset built with the CDK
// stack's own esbuild settings (AWS SDK bundled, split into chunks, a source map beside each but not
// loaded), then its index.mjs imported by a fresh Node process; the size printed is what that import
// parses (the entry and the chunks it imports statically) of the whole asset's. Median of several
// processes, run in rounds, one of every bundle per round, so that a slow spell of this shared host
// (init CPU of one bundle varies by up to 40% from one minute to the next here) falls on every group
// alike rather than on whichever was measured then; the lower and upper quartiles are printed beside
// the median. Beside it the options not taken, so that the choices stay measured: the same bundle with
// the AWS SDK left external and loaded from node_modules (as the runtime's own copy would be), the same
// bundle as one file (not split into chunks, as NodejsFunction builds it), and the deployed bundle
// loaded with --enable-source-maps (Node parsing the whole map at load; the logger maps logged stacks
// instead, functions/http/readable-stack.ts). The same rounds measure a baseline, the table's client
// module alone (functions/data/client.ts: the DynamoDB SDK and nothing of ours), so that the host's
// speed of the moment is on the page: every group's line says how far above it the group is.
// BENCH_GROUPS=badges,awards measures only those groups; BENCH_BUNDLE_TOP=12 also prints the 12
// heaviest packages each loads at init (from esbuild's metafile).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, lambdaBundling } from '../lib/lambda-bundling';
import { apiKeyAuthorizer, routeGroups } from '../definitions/routes';
import { CITY_SECRET_ROTATION_ENTRY } from '../definitions/city-secret';
import { streamConsumers } from '../definitions/consumers';
import { IMPORT_WORKER_ENTRY } from '../definitions/import-jobs';
import { LEARNER_PURGE_ENTRY } from '../definitions/learner-purge';
import { LEARNER_USER_POOL_ID_ENV, OIDC_CLIENT_ID_ENV, OIDC_ISSUER_ENV } from '../definitions/learner-sign-in';
import { MAIL_CONFIGURATION_SET_ENV, MAIL_EVENTS_ENTRY, MAIL_FROM_ENV } from '../definitions/mail';
import { percentile, report } from './stats';

/** Groups that sign or verify carry the JSON-LD stack; every other group is a read (or write) path. */
const INIT_TARGET_MS = { plain: 100, jsonLd: 250 };
/** Rounds of the deployed bundles; the two comparisons take fewer, being only beside the figure. */
const RUNS = 11;
const COMPARISON_RUNS = 5;

const entries: Record<string, string> = {
  ...Object.fromEntries(Object.entries(routeGroups).map(([name, group]) => [name, group.entry])),
  'spine-sync': 'functions/spine/handler.ts',
  authorizer: apiKeyAuthorizer.entry,
  'imports-worker': IMPORT_WORKER_ENTRY,
  'city-secret-rotation': CITY_SECRET_ROTATION_ENTRY,
  ...Object.fromEntries(Object.entries(streamConsumers).map(([name, consumer]) => [`consumer-${name}`, consumer.entry])),
  'mail-events': MAIL_EVENTS_ENTRY,
  'learner-purge': LEARNER_PURGE_ENTRY,
};

// Inside the repo so that the external @aws-sdk/* packages of the comparison resolve from node_modules.
const outDir = join('.local', 'bench', 'bundles');
/** The floor under every group that reads the table: loading and constructing the storage client. */
const BASELINE = { name: 'baseline: DynamoDB client alone', entry: 'functions/data/client.ts' };

const env = {
  ...process.env,
  NODE_OPTIONS: '',
  TABLE_NAME: 'bench',
  BUCKET_NAME: 'bench',
  IMPORT_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/bench.fifo',
  CITY_ID: 'bench',
  CITY_NAME: 'Bench',
  PUBLIC_BASE_URL: 'https://bench.example',
  CITY_BRANDING: JSON.stringify({ displayName: 'Bench', primaryColour: '#000000', secondaryColour: '#ffffff' }),
  [MAIL_FROM_ENV]: 'badges@bench.example',
  [MAIL_CONFIGURATION_SET_ENV]: 'bench',
  [OIDC_ISSUER_ENV]: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench',
  [OIDC_CLIENT_ID_ENV]: 'bench',
  [LEARNER_USER_POOL_ID_ENV]: 'eu-west-2_bench',
  AWS_REGION: 'eu-west-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface InitTime {
  /** The import's CPU time, user + system: what it costs one core, which other processes do not inflate. */
  cpuMs: number;
  wallMs: number;
}

/** The CPU and wall time of importing `file` in a fresh Node process. */
function initTime(file: string, sourceMaps = false): InitTime {
  const script =
    `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`./${file}`)}); ` +
    'const u = process.cpuUsage(c); console.log(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() - t }));';
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: sourceMaps ? { ...env, NODE_OPTIONS: '--enable-source-maps' } : env }).toString()) as InitTime;
}

const quartiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { low: percentile(sorted, 25), median: percentile(sorted, 50), high: percentile(sorted, 75) };
};

type Outputs = Metafile['outputs'];

/** The entry file and the chunks it imports statically, transitively: what a cold start parses. */
function loadedAtInit(outputs: Outputs): Outputs[string][] {
  const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint)!;
  const seen = new Set([entry]);
  for (const file of seen) for (const { path, kind } of outputs[file]!.imports) if (kind === 'import-statement' && path in outputs) seen.add(path);
  return [...seen].map((file) => outputs[file]!);
}

/** Builds `entry` into the folder `dir`: the KB a cold start loads and the whole asset's (source maps aside). */
async function bundle(entry: string, dir: string, external: readonly string[], splitting: boolean = lambdaBundling.splitting) {
  const { metafile } = await build({ ...esbuildOptions(entry, dir, external), splitting, metafile: true });
  const code = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.map'));
  const loaded = loadedAtInit(metafile.outputs);
  const kb = (outputs: readonly { bytes: number }[]) => outputs.reduce((sum, { bytes }) => sum + bytes, 0) / 1024;
  return { kb: kb(loaded), assetKb: kb(code.map(([, output]) => output)), inputs: Object.keys(metafile.inputs), loaded };
}

/** The bytes loaded at init by package (node_modules) or by top folder of our own code, heaviest first. */
function heaviest(loaded: readonly { inputs: Record<string, { bytesInOutput: number }> }[], count: number): string {
  const bytes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of loaded.flatMap((output) => Object.entries(output.inputs))) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, size]) => `${name} ${(size / 1024).toFixed(0)} KB`).join(', ');
}

interface Built {
  name: string;
  deployed: string;
  external: string;
  kb: number;
  assetKb: number;
  externalKb: number;
  /** The same bundle as one file, not split into chunks. */
  oneFile: string;
  oneFileKb: number;
  jsonLd: boolean;
  loaded: Outputs[string][];
  runs: { deployed: InitTime[]; external: InitTime[]; withMaps: InitTime[]; oneFile: InitTime[] };
}

export async function benchBundles(): Promise<boolean> {
  rmSync(outDir, { recursive: true, force: true }); // no chunks of an earlier build left beside a new one
  mkdirSync(outDir, { recursive: true });
  const only = process.env.BENCH_GROUPS?.split(',');
  const built: Built[] = [];
  const baselineFile = join(outDir, 'baseline', 'index.mjs');
  await bundle(BASELINE.entry, dirname(baselineFile), lambdaBundling.externalModules);
  const baselineRuns: InitTime[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (only && !only.includes(name)) continue;
    const deployed = join(outDir, name, 'index.mjs');
    const external = join(outDir, `${name}-sdk-external`, 'index.mjs');
    const { kb, assetKb, inputs, loaded } = await bundle(entry, dirname(deployed), lambdaBundling.externalModules);
    const externalKb = (await bundle(entry, dirname(external), ['@aws-sdk/*'])).kb;
    const oneFile = join(outDir, `${name}-one-file`, 'index.mjs');
    const oneFileKb = (await bundle(entry, dirname(oneFile), lambdaBundling.externalModules, false)).kb;
    const jsonLd = inputs.some((file) => file.includes('node_modules/jsonld/'));
    built.push({ name, deployed, external, kb, assetKb, externalKb, oneFile, oneFileKb, jsonLd, loaded, runs: { deployed: [], external: [], withMaps: [], oneFile: [] } });
  }
  for (let round = 0; round < RUNS; round++) {
    baselineRuns.push(initTime(baselineFile));
    for (const group of built) {
      group.runs.deployed.push(initTime(group.deployed));
      if (round < COMPARISON_RUNS) {
        group.runs.external.push(initTime(group.external));
        group.runs.oneFile.push(initTime(group.oneFile));
        group.runs.withMaps.push(initTime(group.deployed, true));
      }
    }
  }
  const baseline = quartiles(baselineRuns.map((r) => r.cpuMs));
  console.log(`        ${BASELINE.name.padEnd(44)} ${baseline.median.toFixed(0)} ms CPU (${baseline.low.toFixed(0)}-${baseline.high.toFixed(0)}), measured in the same rounds`);
  let allMet = true;
  const top = Number(process.env.BENCH_BUNDLE_TOP ?? 0);
  for (const { name, kb, assetKb, externalKb, oneFileKb, jsonLd, loaded, runs } of built) {
    const target = jsonLd ? INIT_TARGET_MS.jsonLd : INIT_TARGET_MS.plain;
    const cpu = quartiles(runs.deployed.map((r) => r.cpuMs));
    const wall = quartiles(runs.deployed.map((r) => r.wallMs)).median;
    const external = quartiles(runs.external.map((r) => r.cpuMs)).median;
    const oneFile = quartiles(runs.oneFile.map((r) => r.cpuMs)).median;
    const withMaps = quartiles(runs.withMaps.map((r) => r.cpuMs)).median;
    allMet =
      report(
        `module init: ${name}${jsonLd ? ' (signs/verifies)' : ''}`,
        `${cpu.median.toFixed(0)} ms CPU (${cpu.low.toFixed(0)}-${cpu.high.toFixed(0)}), ${kb.toFixed(0)} of ${assetKb.toFixed(0)} KB`,
        `<= ${target} ms (baseline +${(cpu.median - baseline.median).toFixed(0)} ms; wall ${wall.toFixed(0)} ms; with --enable-source-maps ${withMaps.toFixed(0)} ms; as one file, not split: ${oneFile.toFixed(0)} ms CPU, ${oneFileKb.toFixed(0)} KB; SDK external: ${external.toFixed(0)} ms CPU, ${externalKb.toFixed(0)} KB)`,
        cpu.median <= target,
      ) && allMet;
    if (top > 0) console.log(`        ${name}: ${heaviest(loaded, top)}`);
  }
  return allMet;
}

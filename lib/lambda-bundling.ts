// How every Lambda is bundled: the settings as data (the local city's bundles share most of them:
// local/functions.ts), and as the esbuild options that build each asset, in the stack and outside it.
import { resolve } from 'node:path';
import { repoRoot } from './repo-root';
export const lambdaBundling = {
  minify: true,
  // A map beside each bundle, without the sources themselves (positions are all the logger's stack
  // mapping needs: functions/http/readable-stack.ts). Node does not load it (no --enable-source-maps).
  sourceMap: true,
  sourcesContent: false,
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  // The AWS SDK is bundled, not left to the runtime's copy: tree-shaken into the asset, only the clients
  // and commands a handler uses are parsed at a cold start, where importing the runtime's full
  // packages from node_modules took most of each Lambda's init (`npm run bench` measures both).
  externalModules: [] as string[],
  /** Imports replaced by repo files (paths relative to the repository root). */
  aliases: {
    '@digitalbazaar/http-client': 'functions/vendor/no-http-client.ts',
    '@aws-sdk/credential-provider-node': 'functions/vendor/env-credentials.ts',
  },
  // Split: what a handler loads by `await import()` (the tracer and X-Ray SDK on a sampled request, the
  // S3 client on a first image request, ...) goes into chunks of its own beside `index.mjs`, which Node
  // parses only when they are imported. In one file V8 parsed every byte at each cold start: measured
  // per group in one sitting, splitting cut init by 5-25 ms (badges 95 -> 77, opportunityPublishing
  // 97 -> 76, system 58 -> 33; docs/performance.md, "Cold starts").
  splitting: true,
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * The settings as esbuild build options, for the stack (lib/constructs/city-function.ts) and for what
 * builds an asset outside it (the bundle benchmark, the test of mapped stacks): `entry` bundled into
 * the folder `outdir` as `index.mjs` (the handler `index.handler`) and its chunks under `chunks/`,
 * `external` as the stack has it unless given.
 */
export const esbuildOptions = (entry: string, outdir: string, external: readonly string[] = lambdaBundling.externalModules) => ({
  entryPoints: { index: entry },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: lambdaBundling.splitting,
  bundle: true,
  platform: 'node' as const,
  minify: lambdaBundling.minify,
  sourcemap: lambdaBundling.sourceMap,
  sourcesContent: lambdaBundling.sourcesContent,
  format: lambdaBundling.format,
  target: lambdaBundling.target,
  mainFields: [...lambdaBundling.mainFields],
  external: [...external],
  banner: { js: lambdaBundling.banner },
  alias: Object.fromEntries(Object.entries(lambdaBundling.aliases).map(([from, to]) => [from, resolve(repoRoot, to)])),
  logLevel: 'error' as const,
});

// How every Lambda is bundled: the settings as data for the CDK construct, and the same settings as
// esbuild options for what builds a bundle outside it, so that all use exactly the same.
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
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/**
 * The same settings as esbuild build options, for what builds a bundle outside the CDK (the bundle-size
 * benchmark, the test of mapped stacks): `external` as the stack has it unless given.
 */
export const esbuildOptions = (entry: string, outfile: string, external: readonly string[] = lambdaBundling.externalModules) => ({
  entryPoints: [entry],
  outfile,
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

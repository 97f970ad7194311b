// How every Lambda is bundled. Plain data, so the CDK construct and the bundle-size benchmark use
// exactly the same settings.
export const lambdaBundling = {
  minify: true,
  sourceMap: true,
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  // The Node.js 24 Lambda runtime ships AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
  /** Imports replaced by repo files (paths relative to the repository root). */
  aliases: { '@digitalbazaar/http-client': 'functions/vendor/no-http-client.ts' },
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

// Every server-side fetch of a URL from outside goes through functions/net/guarded-fetch.ts: no other
// module of functions/ opens HTTP connections or calls fetch. The one exception answers CloudFormation
// at the pre-signed response URL CloudFormation itself gives the spine custom resource.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const EXCEPTIONS = new Set(['functions/net/guarded-fetch.ts', 'functions/spine/handler.ts']);
const NETWORK = [
  /(?<![.\w])fetch\(/,
  /['"]node:(http|https|tls|dgram|http2)['"]/,
  /import\s*\{[^}]*\b(connect|createConnection|Socket)\b[^}]*\}\s*from\s*['"]node:net['"]/,
  /['"](undici|axios|got|node-fetch)['"]/,
];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });

describe('the one guarded fetcher', () => {
  it('is the only module of functions/ that reaches the network', () => {
    const reaching = sources(join(root, 'functions')).filter((file) => !EXCEPTIONS.has(file) && NETWORK.some((pattern) => pattern.test(readFileSync(join(root, file), 'utf8'))));
    expect(reaching).toEqual([]);
  });
});

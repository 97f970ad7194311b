// A logged error from a minified bundle names the source file and line, without Node's
// --enable-source-maps (which the Lambdas no longer pay for at init).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { readableErrors, readableStack } from '../../functions/http/readable-stack';
import { esbuildOptions } from '../../lib/lambda-bundling';

let thrown: Error;
/** The stack of an error thrown in a module the bundle loads by `await import()`: a chunk of its own. */
let chunkStack: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readable-stack-'));
  mkdirSync(join(dir, 'functions'));
  // Line 4 throws, line 8 wraps it as the cause of another error.
  writeFileSync(
    join(dir, 'functions', 'thrower.ts'),
    [
      'export class StoreError extends Error { readonly code = "E_STORE"; }',
      'function deepInside(id: string): never {',
      '  const detail = `no item ${id}`;',
      '  throw new StoreError(detail);',
      '}',
      'export function handler(id: string): void {',
      '  try { deepInside(id); } catch (cause) {',
      '    throw new Error("the award failed", { cause });',
      '  }',
      '}',
      'export async function lazily(): Promise<void> {',
      '  (await import("./rarely")).fail();',
      '}',
    ].join('\n'),
  );
  // Line 3 throws.
  writeFileSync(join(dir, 'functions', 'rarely.ts'), ['export function fail(): never {', '  const why = "rarely needed";', '  throw new Error(why);', '}'].join('\n'));
  await build(esbuildOptions(join(dir, 'functions', 'thrower.ts'), join(dir, 'out')));
  // Thrown in a plain Node process, as in Lambda (the test runner would map stacks itself).
  const script =
    `const { handler, lazily } = await import(${JSON.stringify(pathToFileURL(join(dir, 'out', 'index.mjs')).href)});` +
    'let chunkStack; try { await lazily(); } catch (e) { chunkStack = e.stack; }' +
    'try { handler("b-1"); } catch (e) { console.log(JSON.stringify({ stack: e.stack, causeStack: e.cause.stack, code: e.cause.code, chunkStack })); }';
  const seen = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } }).toString()) as {
    stack: string;
    causeStack: string;
    code: string;
    chunkStack: string;
  };
  chunkStack = seen.chunkStack;
  // Rebuilt here with the child's stacks, to hand the logger's replacer a real Error with a cause.
  const cause = Object.assign(new Error('no item b-1'), { code: seen.code });
  cause.stack = seen.causeStack;
  thrown = new Error('the award failed', { cause });
  thrown.stack = seen.stack;
});

describe('readable stacks', () => {
  it('maps the minified bundle position to the source file and line', () => {
    // Line 1 is the bundles' banner (lambdaBundling.banner); the minified code is line 2.
    expect(thrown.stack).toMatch(/index\.mjs:2:\d+/);
    expect(readableStack(thrown.stack!)).toMatch(/functions\/thrower\.ts:8:\d+/);
    expect(readableStack((thrown.cause as Error).stack!)).toMatch(/functions\/thrower\.ts:4:\d+/);
  });

  it('maps a position in a chunk (a module loaded by `await import()`) with the map beside the chunk', () => {
    expect(chunkStack).toMatch(/chunks\/rarely-\w+\.mjs:2:\d+/);
    expect(readableStack(chunkStack)).toMatch(/functions\/rarely\.ts:3:\d+/);
    expect(readableStack(chunkStack)).toMatch(/functions\/thrower\.ts:12:\d+/);
  });

  it('leaves frames of files without a map as they are', () => {
    const stack = 'Error: x\n    at run (file:///var/task/other.mjs:1:200)\n    at node:internal/process:10:5';
    expect(readableStack(stack)).toBe(stack);
  });

  it('logs a copy with readable stacks, the cause and own fields kept, the thrown error unchanged', () => {
    const before = thrown.stack;
    const logged = readableErrors('error', thrown) as Error & { cause: Error & { code: string } };
    expect(logged).toBeInstanceOf(Error);
    expect(logged.message).toBe('the award failed');
    expect(logged.stack).toMatch(/functions\/thrower\.ts:8:/);
    expect(logged.cause.code).toBe('E_STORE');
    expect(logged.cause.stack).toMatch(/functions\/thrower\.ts:4:/);
    expect(thrown.stack).toBe(before);
    expect(readableErrors('count', 3)).toBe(3);
  });
});

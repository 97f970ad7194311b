// Readable stack traces without paying for them at every cold start. Lambda bundles are minified and
// Node runs them without --enable-source-maps, which parsed the bundle's whole map (2-4 MB) at module
// load: 30-60 ms of each group's init. Instead an error's stack is mapped when it is logged: the first
// logged error reads the `.map` kept beside the bundle in the asset, later ones reuse it. Frames of
// files with no map beside them (the local city runs the TypeScript itself) are left as they are.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined; // no map beside this file, or an unreadable one: its frames stay as they are
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

// `file:///var/task/index.mjs:1:2345` or `/var/task/index.mjs:1:2345`, inside or outside parentheses.
const FRAME = /((?:file:\/\/)?\/[^\s()]+?\.m?js):(\d+):(\d+)/g;

/** The stack with every bundle position replaced by its source file, line and column (1-based, as in stacks). */
export function readableStack(stack: string): string {
  return stack.replace(FRAME, (frame, location: string, line: string, column: string) => {
    const file = location.startsWith('file:') ? fileURLToPath(location) : location;
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    // The map's sources are relative to the bundle (`../../functions/...`, or `../asset-input/...` when
    // bundled in Docker): the path from the repository root is what a reader looks up.
    const source = entry.originalSource.replace(/^(?:\.\.\/)+(?:asset-input\/)?/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/**
 * The logger's JSON replacer: an Error is logged as a copy with a readable stack (its cause too), so
 * Powertools formats it as usual and the error that was thrown is not changed.
 */
export function readableErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const copy = Object.create(Object.getPrototypeOf(value) as object, Object.getOwnPropertyDescriptors(value)) as Error;
  Object.defineProperty(copy, 'stack', { value: value.stack === undefined ? undefined : readableStack(value.stack), enumerable: false, configurable: true, writable: true });
  if (value.cause instanceof Error) Object.defineProperty(copy, 'cause', { value: readableErrors('cause', value.cause), enumerable: false, configurable: true, writable: true });
  return copy;
}

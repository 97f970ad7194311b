// README's shell examples run as written, against this tier's local city, the way a reader pastes them
// into one terminal in order:
//   - every ```sh block runs, with bash (`set -euo pipefail`, and curl failing on any 4xx/5xx answer);
//     a block marked ```sh no-run (it starts a city, runs the whole test suite, or deploys) is only
//     checked for placeholders;
//   - no runnable line holds a `<placeholder>` (`<links.image>` is a bash syntax error);
//   - a line `NAME=…  # <where the value comes from>` is filled in as a reader would: "printed by
//     npm start" is the city admin's key (the demo provider's when the comment says so), and
//     `the "field" of that answer` is that field of the JSON the lines before it printed;
//   - http://localhost:3000 is this city's address, and the local commands find it through
//     LOCAL_DATA_DIR (a reader's city runs in .local/ on port 3000); CITIES_DIR keeps `city:new` out of
//     the repository's cities/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../local/city';

const base = inject('cityUrl');
const filled = { adminKey: inject('adminKey'), providerKey: inject('providerKey') };
// `npm run city:new` writes here, beside copies of the repository's cities, so the repository stays as it is.
const citiesDir = mkdtempSync(join(tmpdir(), 'readme-cities-'));
cpSync(join(repoRoot, 'cities'), citiesDir, { recursive: true });
afterAll(() => rmSync(citiesDir, { recursive: true, force: true }));

interface Block {
  line: number;
  runnable: boolean;
  lines: string[];
}

function shellBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (open) {
      if (text.startsWith('```')) {
        blocks.push(open);
        open = undefined;
      } else open.lines.push(text);
    } else {
      const fence = /^```sh(?:\s+(no-run))?\s*$/.exec(text);
      if (fence) open = { line: index + 1, runnable: !fence[1], lines: [] };
    }
  });
  return blocks;
}

/** The command part of a line: what follows ` #` is a comment to bash. */
const command = (line: string) => line.replace(/(^|\s)#.*$/, '');

const PLACEHOLDER_LINE = /^([A-Z_]+)=\S*…\S*\s+#\s*(.+)$/;

/** The last JSON object printed: curl -s prints answers back to back, without newlines. */
function lastJson(output: string): unknown {
  for (let start = output.lastIndexOf('{'); start >= 0; start = output.lastIndexOf('{', start - 1)) {
    try {
      return JSON.parse(output.slice(start).trim());
    } catch {
      // not where the last answer starts
    }
  }
  throw new Error(`No JSON answer in:\n${output}`);
}

function fillIn(comment: string, previousOutput: string): string {
  if (/printed by npm start/.test(comment)) return /demo provider/.test(comment) ? filled.providerKey : filled.adminKey;
  const field = /the "([\w.]+)"(?: field)? of that answer/.exec(comment)?.[1];
  if (!field) throw new Error(`README: cannot tell how a reader fills in "${comment}"`);
  const value = field.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], lastJson(previousOutput));
  if (typeof value !== 'string') throw new Error(`README: the answer before "${comment}" has no ${field}:\n${previousOutput}`);
  return value;
}

const PRELUDE = 'set -euo pipefail\ncurl() { command curl --fail-with-body --max-time 60 "$@"; }\n';

function run(script: string, env: Record<string, string>) {
  const result = spawnSync('bash', ['-c', PRELUDE + script], {
    cwd: repoRoot,
    env: { ...process.env, ...env, LOCAL_DATA_DIR: inject('dataDir'), CITIES_DIR: citiesDir, ACCESS_LOG: 'false' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = shellBlocks(readme);

describe("README's shell examples", () => {
  it('are there, and some are marked not runnable', () => {
    expect(blocks.filter((b) => b.runnable).length).toBeGreaterThanOrEqual(5);
    expect(blocks.some((b) => !b.runnable)).toBe(true);
  });

  it.each(blocks.map((b) => [b.line, b] as const))('the block at line %i holds no <placeholder> outside its comments', (_line, block) => {
    for (const line of block.lines) expect(command(line), line).not.toMatch(/<[A-Za-z][\w .-]*>/);
  });

  it('run as written, in order, against a local city', { timeout: 300_000 }, () => {
    const env: Record<string, string> = {};
    const outputs: string[] = [];
    for (const block of blocks.filter((b) => b.runnable)) {
      let segment: string[] = [];
      const flush = () => {
        if (!segment.some((line) => command(line).trim())) return '';
        const result = run(segment.join('\n').replaceAll('http://localhost:3000', base), env);
        expect(result.code, `README block at line ${block.line} failed:\n${segment.join('\n')}\n---\n${result.output}`).toBe(0);
        outputs.push(result.stdout);
        segment = [];
        return result.stdout;
      };
      let previous = '';
      for (const line of block.lines) {
        const placeholder = PLACEHOLDER_LINE.exec(line);
        if (!placeholder) {
          segment.push(line);
          continue;
        }
        previous = flush() || previous;
        env[placeholder[1]!] = fillIn(placeholder[2]!, previous);
      }
      flush();
    }
    const all = outputs.join('\n');
    // What the comments promise: the spine answers, the youth club changed its profile, the batch found
    // the duplicate, the baked image verifies, the import completed and the admin key was printed.
    expect(all).toContain('"skillId":"coding"');
    expect(all).toContain('Friday-night coding and music');
    expect(all).toMatch(/"status":"duplicate"/);
    expect(all).toMatch(/"verified":true/);
    expect(all).toMatch(/completed/i);
    expect(all).toMatch(/City admin key for .*\n\n\s+col_/);
  });
});

// docs/data-model.md's table of access patterns is the registry in code (functions/data/access-patterns.ts),
// as README lists the route table: same rows, indexes, statuses and functions; every key template the
// doc shows is the one the module's key builder makes; and every function the data modules export
// serves a listed pattern. A key changed in code, a function added or a row edited alone fails here.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { accessPatterns } from '../../functions/data/access-patterns';

const repoRoot = join(import.meta.dirname, '../..');
const doc = readFileSync(join(repoRoot, 'docs/data-model.md'), 'utf8');

/** The doc's access pattern rows: `| # | pattern | index | key condition | function | status |`. */
const rows = doc
  .split('\n')
  .filter((line) => /^\| \d+[a-z]? \|/.test(line))
  .map((line) => {
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll('\\|', '|'));
    const [id, pattern, index, key, functions, status] = cells as [string, string, string, string, string, string];
    return { id, pattern, index, key, functions, status };
  });
const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const templatePattern = (template: string) => new RegExp(`^${template.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);

describe('docs/data-model.md', () => {
  it('lists exactly the patterns of the registry that exist (built or keys written)', () => {
    const documented = rows.filter((row) => row.status !== 'reserved').map((row) => row.id);
    expect(documented).toEqual(accessPatterns.map((p) => p.id));
  });

  it.each(accessPatterns)('row $id: its index, status, functions and keys are the code’s', (pattern) => {
    const row = rows.find((r) => r.id === pattern.id)!;
    expect(row.index).toBe(pattern.index);
    expect(row.status).toBe(pattern.status);
    for (const fn of pattern.functions) expect(codeSpans(row.functions), `row ${row.id} names ${fn}`).toContain(fn);
    const conditions = codeSpans(row.key).join(' ');
    for (const key of pattern.keys) {
      expect(conditions, `row ${row.id} shows ${key.attribute} = ${key.template}`).toContain(`${key.attribute} = ${key.template}`);
      if (key.built !== undefined) expect(key.built, `the builder of ${key.attribute} makes ${key.template}`).toMatch(templatePattern(key.template));
    }
  });

  it('names functions that each module exports', async () => {
    for (const pattern of accessPatterns) {
      const module = (await import(join(repoRoot, pattern.module))) as Record<string, unknown>;
      for (const fn of pattern.functions) expect(typeof module[fn], `${pattern.module} exports ${fn}`).toBe('function');
    }
  });

  it('covers every function the entity modules export', async () => {
    // client.ts and pages.ts are the shared query helpers, access-patterns.ts is this registry.
    const entities = readdirSync(join(repoRoot, 'functions/data')).filter((file) => !['client.ts', 'pages.ts', 'access-patterns.ts'].includes(file));
    const listed = new Set(accessPatterns.flatMap((p) => p.functions.map((fn) => `functions/data/${p.module.split('/').at(-1)}#${fn}`)));
    for (const file of entities) {
      const module = (await import(join(repoRoot, 'functions/data', file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'function') expect(listed, `functions/data/${file} exports ${name}, which no access pattern lists`).toContain(`functions/data/${file}#${name}`);
      }
    }
  });

  it('builds every key of the modules that have builders from them', () => {
    const unbuilt = new Set(accessPatterns.filter((p) => p.keys.some((k) => k.built === undefined)).map((p) => p.module));
    expect([...unbuilt].sort()).toEqual([]);
  });
});

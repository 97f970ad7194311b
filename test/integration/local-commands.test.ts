// `npm run admin-key -- --local` and `npm run import -- --local` find the running local city on the
// ports it was started with (this tier's city runs on free ports, not the defaults), and every command
// answers --help and mistakes with usage or a reason, never a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runScript, STACK_FRAME } from '../support/run-script';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const dataDir = inject('dataDir');
const local = { LOCAL_DATA_DIR: dataDir };
const work = mkdtempSync(join(tmpdir(), 'commands-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('admin-key --local', () => {
  it('issues a working city-admin key on the running city', async () => {
    const run = await runScript('scripts/admin-key.ts', ['--city', 'demo', '--local', '--label', 'Integration test'], local);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(base);
    const key = /^\s+(col_\S+)$/m.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    expect((await fetch(`${base}/audit?limit=1`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  });

  it('says so when no local city is running there', async () => {
    const run = await runScript('scripts/admin-key.ts', ['--city', 'demo', '--local'], { LOCAL_DATA_DIR: work });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not running.*CITY=demo npm start/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('import --local', () => {
  it('uploads a file to the running city with its admin key and follows the job to the end', async () => {
    const created = await fetch(`${base}/badge-classes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Local import', description: 'Imported from a terminal.', criteria: { narrative: 'Be on the list.' }, alignments: [{ skillId: 'coding' }] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const file = join(work, 'club.csv');
    writeFileSync(file, 'email,narrative\nana@example.org,Led the robot build\nben@example.org,\n');
    const run = await runScript('scripts/import.ts', ['--city', 'demo', '--local', '--badge-class', id, '--interval', '0.2', file], local);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/completed/i);
  });
});

describe('--help and mistakes', () => {
  const commands = ['scripts/admin-key.ts', 'scripts/import.ts', 'scripts/city-new.ts', 'scripts/city-secret-rotate.ts'];

  it.each(commands)('%s --help prints its usage and exits 0', async (script) => {
    const run = await runScript(script, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run /);
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  });

  it.each(commands)('%s with an unknown option or city answers with a reason', async (script) => {
    for (const args of [['--no-such-option'], ['--city', 'no-such-city', '--badge-class', 'x', 'f.csv']]) {
      const run = await runScript(script, args);
      expect(run.code).not.toBe(0);
      expect(run.stderr).not.toBe('');
      expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

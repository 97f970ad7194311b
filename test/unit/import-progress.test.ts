// What `npm run import` prints: a bar that fits the terminal, plain lines for logs, the summary and
// the exit status.
import { describe, expect, it } from 'vitest';
import { exitCode, progressBar, progressLine, summary, type ImportJobView } from '../../scripts/import-progress';

const job = (fields: Partial<ImportJobView> = {}): ImportJobView => ({
  id: 'abcdefghijklmnopqrst',
  status: 'running',
  badgeClass: { id: 'aaaaaaaaaaaaaaaa', url: 'https://city.example/badge-classes/aaaaaaaaaaaaaaaa' },
  total: 1000,
  processed: 250,
  created: 240,
  duplicates: 6,
  invalid: 4,
  failed: 0,
  url: 'https://city.example/imports/abcdefghijklmnopqrst',
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:10Z',
  ...fields,
});

describe('import progress', () => {
  it('draws a bar with the counts, the pace and the time left, within the terminal width', () => {
    const line = progressBar(job(), 140, { rowsPerSecond: 25 });
    expect(line).toBe(
      `[${'█'.repeat(10)}${'░'.repeat(30)}]  25%  250/1000 rows  25.0 rows/s, 30 s left  (240 created, 6 duplicates, 4 invalid, 0 failed)`,
    );
    expect(progressBar(job({ processed: 1000 }), 60).length).toBeLessThanOrEqual(60);
    // Narrow: the counts give way, the pace stays.
    expect(progressBar(job({ processed: 400 }), 80, { rowsPerSecond: 2 })).toBe(`[${'█'.repeat(12)}${'░'.repeat(18)}]  40%  400/1000 rows  2.0 rows/s, 5 min 0 s left`);
    expect(progressBar(job({ status: 'queued', processed: 0 }), 100)).toBe('Queued: 1000 rows, waiting for the worker …');
  });

  it('writes plain lines when there is no terminal', () => {
    expect(progressLine(job())).toBe('running: 25% 250/1000 rows (240 created, 6 duplicates, 4 invalid, 0 failed)');
    expect(progressLine(job({ status: 'queued' }))).toBe('queued: 1000 rows');
  });

  it('ends with the summary, where the report is, and an exit status for scripts', () => {
    const done = job({ status: 'completed', processed: 1000, created: 990, failed: 0, errorsUrl: 'https://city.example/imports/abcdefghijklmnopqrst/errors' });
    expect(summary(done, 'club.errors.csv')).toEqual([
      'Import abcdefghijklmnopqrst completed: 1000 rows.',
      '  created     990',
      '  duplicates  6  (learners who already hold the badge, or appear twice in the file)',
      '  invalid     4',
      '  failed      0',
      'Rows not awarded, and why: club.errors.csv',
      'Error report: https://city.example/imports/abcdefghijklmnopqrst/errors',
    ]);
    expect(exitCode(done)).toBe(0);
    expect(exitCode({ ...done, failed: 3 })).toBe(2);
    const failed = job({ status: 'failed', failureReason: 'Badge class x is archived (250 of 1000 rows were processed)' });
    expect(summary(failed)[0]).toBe('Import abcdefghijklmnopqrst failed: Badge class x is archived (250 of 1000 rows were processed)');
    expect(summary(failed)).toContain('  not processed 750');
    expect(exitCode(failed)).toBe(1);
  });
});

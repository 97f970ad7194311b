// The repository stands alone: a fresh clone with nothing beside it must build and pass. Nothing it
// tracks, outside prose, may reach for a sibling folder (the shared folder beside the repository).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const PROSE = /\.md$/;

describe('the repository stands alone', () => {
  it('no tracked file outside prose refers to the shared folder beside the repository', () => {
    const offenders = tracked
      .filter((file) => !PROSE.test(file) && !file.startsWith('test/fixtures/'))
      .filter((file) => {
        try {
          return /\.\.[/\\]shared\b|['"]\.\.['"],\s*['"]shared['"]/.test(readFileSync(file, 'utf8'));
        } catch {
          return false; // deleted in the work tree
        }
      });
    expect(offenders).toEqual([]);
  });

  it('keeps the Open Badges reference data in the repository, with its sources and licences', () => {
    const readme = readFileSync('test/fixtures/openbadges/README.md', 'utf8');
    expect(readme).toMatch(/Apache-2\.0/);
    expect(readme).toMatch(/BSD|MIT/);
    expect(tracked).toContain('test/fixtures/openbadges/fixtures/MANIFEST.json');
  });
});

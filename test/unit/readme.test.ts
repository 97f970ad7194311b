// README.md is the API's front page: it must list every route of the route table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../definitions/routes';

const readme = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it.each(routes.map((r) => `${r.method} ${r.path}`))('documents %s', (key) => {
    expect(readme).toContain(`\`${key}\``);
  });

  it('shows the two commands first thing, and .ci/run runs exactly them', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});

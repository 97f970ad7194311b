// The layering lint rules (eslint.config.js) are on where they should be: a route module of any route
// group that reaches data/ or storage/ fails lint, its service may, and the domain stays pure.
import { dirname } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeGroups } from '../../definitions/routes';
import { repoRoot } from '../../local/city';

const eslint = new ESLint({ cwd: repoRoot });
const lint = async (file: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};
const REACHES_DATA = "import { getAward } from '../data/awards';\nimport { getImage } from '../storage/images';\nexport const used = [getAward, getImage];\n";

// The three groups other engineers are moving onto services right now (see eslint.config.js).
const BEING_MOVED = new Set(['functions/awards', 'functions/imports', 'functions/verify']);
const groupFolders = [...new Set(Object.values(routeGroups).map((group) => dirname(group.entry)))].filter((folder) => !BEING_MOVED.has(folder));

// The first lint loads the config, its plugins and the TypeScript parser: seconds on a loaded machine
// (in CI's `npm test` the first case timed out at 5 s beside the integration cities), so it happens
// here, under the hook's own timeout, and every case below times only its own lint.
beforeAll(() => lint('functions/services/warm-up.ts', REACHES_DATA), 120_000);

describe('handlers call services only', () => {
  it.each(groupFolders)('%s: a route module importing data/ or storage/ fails lint', async (folder) => {
    const messages = await lint(`${folder}/probe.ts`, REACHES_DATA);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/call services only/);
  });

  it.each(groupFolders)('%s: its service.ts may', async (folder) => {
    expect(await lint(`${folder}/service.ts`, REACHES_DATA)).toEqual([]);
  });

  it('a shared service under functions/services/ may', async () => {
    expect(await lint('functions/services/probe.ts', REACHES_DATA)).toEqual([]);
  });

  it('a new group folder is covered from its first file', async () => {
    expect(await lint('functions/opportunities/handler.ts', REACHES_DATA)).toHaveLength(2);
  });
});

describe('the domain is pure', () => {
  it('imports no data/, storage/ or AWS SDK', async () => {
    const code = "import { getAward } from '../data/awards';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const used = [getAward, S3Client];\n";
    expect(await lint('functions/domain/probe.ts', code)).toHaveLength(2);
  });
});

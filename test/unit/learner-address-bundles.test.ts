// Opening a learner's sealed address must not bring the sign-in client with it: the claims group and
// the milestone consumer open addresses through functions/services/learner-addresses.ts, and their
// bundles (built as Lambda's are) hold neither the OIDC client module nor openid-client.
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { streamConsumers } from '../../definitions/consumers';
import { routeGroups } from '../../definitions/routes';
import { lambdaBundling } from '../../lib/lambda-bundling';

const repoRoot = join(import.meta.dirname, '../..');

async function bundledInputs(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    mainFields: [...lambdaBundling.mainFields],
    external: [...lambdaBundling.externalModules],
    alias: Object.fromEntries(Object.entries(lambdaBundling.aliases).map(([from, to]) => [from, join(repoRoot, to)])),
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs);
}

const signInClient = (input: string) => input.includes('functions/auth/oidc-client') || input.includes('node_modules/openid-client/');

describe('bundles that open learners’ addresses', { timeout: 120_000 }, () => {
  it.each([
    ['the claims group', routeGroups.claims.entry],
    ['the milestone consumer', streamConsumers.milestones.entry],
  ])('%s holds no sign-in client', async (_name, entry) => {
    const inputs = await bundledInputs(entry);
    expect(inputs).toContain('functions/services/learner-addresses.ts');
    expect(inputs.filter(signInClient)).toEqual([]);
  });

  it('the learners group does hold it (the check sees what it looks for)', async () => {
    expect((await bundledInputs(routeGroups.learners.entry)).filter(signInClient)).not.toEqual([]);
  });
});

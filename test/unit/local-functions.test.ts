// The local city runs each function, bundled as Lambda's are, in a thread of its own with only its
// environment: a function loads and answers with what it was granted, and one that lacks a grant its
// code reads fails loudly at start.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantedEnvironment, groupGrants, localResourceEnvironments } from '../../definitions/function-grants';
import { routeGroups } from '../../definitions/routes';
import { lambdaContext } from '../../local/http-adapter';
import { bundleFunctions, startFunction, type FunctionBundles, type LocalFunction } from '../../local/functions';
import { httpEvent } from '../support/events';
import { unitResources } from '../support/function-env';

const repoRoot = join(import.meta.dirname, '../..');
const everyFunction = Object.fromEntries(
  ['CITY_ID', 'CITY_NAME', 'PUBLIC_BASE_URL', 'CITY_BRANDING', 'AWS_REGION', 'POWERTOOLS_LOG_LEVEL'].map((name) => [name, process.env[name]!]),
);
const started: LocalFunction[] = [];
let bundles: FunctionBundles;
beforeAll(async () => {
  bundles = await bundleFunctions({ system: routeGroups.system.entry, skills: routeGroups.skills.entry }, repoRoot, join(repoRoot, '.local', 'functions', `unit-${process.pid}`));
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((fn) => fn.stop()));
  bundles.remove();
});

describe('local functions', { timeout: 60_000 }, () => {
  it('run in their own thread, seeing only their own environment', async () => {
    const fn = await startFunction(bundles, 'system', everyFunction);
    started.push(fn);
    const reply = (await fn.invoke(httpEvent({ path: '/health' }), lambdaContext('local-system'))) as { statusCode: number; body: string };
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'ok', city: 'unit' });
  });

  it('refuse to start without a grant their code needs, naming what is missing', async () => {
    const grants = { ...groupGrants('skills'), table: undefined };
    const env = { ...everyFunction, ...grantedEnvironment(grants, localResourceEnvironments(unitResources)) };
    await expect(startFunction(bundles, 'skills', env)).rejects.toThrow(
      /The skills function failed to load with its environment \(.*\): Environment variable TABLE_NAME is not set/,
    );
  });
});

// Each function's environment in unit tests, exactly as the stack and the local city give it: the
// environment every function has (test/unit/setup-env.ts) plus what its grants give it
// (definitions/function-grants.ts), and nothing else. A module reads its environment when it loads, so
// a test file states which function it runs as (`runAs`, before its imports) or loads a handler with
// the environment of its choice (`loadFunction`, a fresh copy of the module and everything it imports).
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { vi } from 'vitest';
import {
  grantedEnvironment,
  groupGrants,
  localResourceEnvironments,
  otherFunctionGrants,
  type Grants,
} from '../../definitions/function-grants';
import { routeGroups, type RouteGroupName } from '../../definitions/routes';

// A fixed Ed25519 key (PKCS#8 around 32 fixed bytes), so that every copy of a module signs alike.
const signingKeyPem = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]),
  format: 'der',
  type: 'pkcs8',
})
  .export({ format: 'pem', type: 'pkcs8' })
  .toString();

/** The values behind the resources a unit test's function may be granted. */
export const unitResources = {
  tableName: 'unit-test-table',
  bucketName: 'unit-test-bucket',
  citySecret: 'unit-test-city-secret',
  signingKeyPem,
  importQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/000000000000/unit-imports.fifo',
  mailFrom: 'no-reply@unit.invalid',
  mailConfigurationSet: 'city-unit-mail',
  oidcIssuer: 'https://sign-in.unit.example',
  oidcClientId: 'city-unit-learners',
  userPoolId: 'eu-west-2_unitpool',
};

const resources = localResourceEnvironments(unitResources);
/** Every variable a grant can give: none of them is set unless the function was granted it. */
export const GRANTED_VARIABLES = Object.keys(grantedEnvironment({ table: 'read', bucket: 'read', signs: true, citySecret: true, submitsImports: true, sendsMail: true, signsInLearners: true, deletesSignInUsers: true }, resources));

export type FunctionName = RouteGroupName | keyof typeof otherFunctionGrants;

export const grantsOf = (name: FunctionName): Grants =>
  name in otherFunctionGrants ? otherFunctionGrants[name as keyof typeof otherFunctionGrants] : groupGrants(name as RouteGroupName);

/** The environment `grants` give, over the one every function has. */
export function applyEnvironment(grants: Grants): void {
  for (const name of GRANTED_VARIABLES) delete process.env[name];
  Object.assign(process.env, grantedEnvironment(grants, resources));
}

/**
 * The rest of this test file runs as `name` (a route group, the authorizer or the import worker).
 * Call it first thing, in `vi.hoisted`, so that the modules it imports load with that environment:
 * `await vi.hoisted(async () => (await import('../support/function-env')).runAs('awards'));`
 */
export function runAs(name: FunctionName | 'everything'): void {
  applyEnvironment(name === 'everything' ? { table: 'read-write', bucket: 'read-write', signs: true, citySecret: true, submitsImports: true, sendsMail: true, signsInLearners: true, deletesSignInUsers: true } : grantsOf(name));
}

let loading: Promise<unknown> = Promise.resolve();

/**
 * A fresh copy of a function's handler module and of everything it imports, loaded with exactly the
 * environment `grants` give; this file's own environment is back as it was afterwards. In-memory AWS
 * (test/support/fake-aws.ts) stubs the SDK clients' classes, so every copy meets the same fake.
 */
export function loadFunction<T = { handler: unknown }>(entry: string, grants: Grants): Promise<T> {
  // One at a time: the environment is the process's, so two loads at once would see each other's.
  const loaded = loading.then(async () => {
    const saved = { ...process.env };
    vi.resetModules();
    try {
      applyEnvironment(grants);
      return withItsEnvironment((await import(join(import.meta.dirname, '../..', entry))) as T, grants);
    } finally {
      process.env = saved;
    }
  });
  loading = loaded.catch(() => undefined);
  return loaded;
}

/**
 * The module with its `handler` run in the function's environment too: a module it imports only when
 * a request needs it (`await import()`, to keep cold starts short) reads the environment then, as in
 * Lambda, where the function's environment never changes. Calls of one copy may overlap; the file's
 * own environment is back once none is running.
 */
function withItsEnvironment<T>(module: T, grants: Grants): T {
  const { handler } = module as { handler?: unknown };
  if (typeof handler !== 'function') return module;
  let running = 0;
  let saved: NodeJS.ProcessEnv = {};
  const inItsEnvironment = async (...args: unknown[]) => {
    if (running++ === 0) saved = { ...process.env };
    applyEnvironment(grants);
    try {
      return await (handler as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      if (--running === 0) process.env = saved;
    }
  };
  return { ...module, handler: inItsEnvironment };
}

export const loadGroup = <T = { handler: unknown }>(name: RouteGroupName, grants: Grants = groupGrants(name)) =>
  loadFunction<T>(routeGroups[name].entry, grants);

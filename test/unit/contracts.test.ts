// Every route's handler is built from that route's contract: the very schemas and limits the API
// document shows are the ones the handler validates with. The route chain and the group dispatcher
// are wrapped to record what each handler was built from. Every group is loaded into this one module
// graph (so that the contracts it records are the ones imported here), so this file runs with every grant.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { describe, expect, it, vi } from 'vitest';
import { contracts } from '../../functions/contracts';
import type { HttpHandler, RouteSpec } from '../../functions/http/route';
import { routeGroups, routeKey, routes } from '../../definitions/routes';

const builtFrom = new WeakMap<object, unknown>();
const dispatched = new Map<string, Record<string, HttpHandler>>();

vi.mock(import('../../functions/http/route'), async (importOriginal) => {
  const actual = await importOriginal();
  const record = <H extends object>(handler: H, spec: unknown) => (builtFrom.set(handler, spec), handler);
  return {
    ...actual,
    httpRoute: ((spec, fn) => record(actual.httpRoute(spec, fn), spec)) as typeof actual.httpRoute,
    buildRoute: ((spec, fn, guards) => record(actual.buildRoute(spec, fn, guards), spec)) as typeof actual.buildRoute,
  };
});

vi.mock(import('../../functions/http/dispatch'), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    dispatch: ((group, handlers, fallback) => {
      dispatched.set(group, handlers as Record<string, HttpHandler>);
      return actual.dispatch(group, handlers, fallback);
    }) as typeof actual.dispatch,
  };
});

describe('route contracts', () => {
  it.each(Object.entries(routeGroups))('group %s builds each handler from its route’s contract', async (name, group) => {
    await import(`../../${group.entry}`);
    const handlers = dispatched.get(name)!;
    for (const route of routes.filter((r) => r.group === name)) {
      const key = routeKey(route);
      const spec = builtFrom.get(handlers[key]!) as RouteSpec<undefined, undefined, undefined>;
      expect(spec, key).toBe(contracts[key as keyof typeof contracts]);
    }
  });

  it('has a contract, with a success answer, for every route of the table', () => {
    expect(Object.keys(contracts).sort()).toEqual(routes.map(routeKey).sort());
    for (const contract of Object.values(contracts)) expect([200, 201, 202, 303]).toContain(contract.response.status);
  });
});

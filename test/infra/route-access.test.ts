// Every route's `access` decides how it is deployed. Until the Lambda authorizer exists, a route that
// requires authentication must stop synth instead of going out open.
import { App } from 'aws-cdk-lib';
import { describe, expect, it, vi } from 'vitest';
import type * as RouteTable from '../../functions/routes';
import { PUBLIC, type Route } from '../../functions/routes';
import { CityStack } from '../../lib/city-stack';
import { openAccessReason } from '../../lib/constructs/city-api';
import { demoCity } from './synth';

// The route table as it will look once a write route arrives (vi.mock runs before the imports).
const { issueBadge } = vi.hoisted(() => ({
  issueBadge: {
    method: 'POST',
    path: '/badges',
    group: 'skills',
    access: { kind: 'authenticated', roles: ['provider'], scopes: ['badges:issue'] },
    summary: 'Issue a badge',
  } satisfies Route,
}));
vi.mock('../../functions/routes', async (importOriginal) => {
  const table = await importOriginal<typeof RouteTable>();
  return { ...table, routes: [...table.routes, issueBadge] };
});

describe('route access', () => {
  it('refuses to build a city whose route table has an authenticated route', () => {
    expect(() => new CityStack(new App(), 'CityOfLearning-demo', { config: demoCity() })).toThrow(
      'Route POST /badges requires authentication (roles: provider), but no API authorizer is wired into the stack yet',
    );
  });

  it('explains a public route from the route table', () => {
    expect(openAccessReason('GET /skills', PUBLIC, "The city's skills spine")).toMatch(
      /^Public by design in the route table \(GET \/skills: The city's skills spine\): a read-only URL/,
    );
  });
});

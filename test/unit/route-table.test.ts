import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../functions/http/dispatch';
import { json } from '../../functions/http/reply';
import { httpRoute } from '../../functions/http/route';
import { routeGroups, routeKey, routes, type RouteGroupName } from '../../definitions/routes';
import { loadGroup } from '../support/function-env';

describe('the route table', () => {
  it('has unique route keys, known groups and an access rule on every route', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routes) {
      expect(Object.keys(routeGroups)).toContain(route.group);
      expect(['public', 'authenticated', 'learner']).toContain(route.access.kind);
      // "/" is the home page; every other path is segments of letters, digits and .:- or {param}.
      expect(route.path).toMatch(/^\/$|^(\/([a-z0-9.:-]+|\{[a-zA-Z]+\}))+$/);
    }
  });

  it.each(Object.entries(routeGroups))('group %s has a handler module that implements exactly its routes, and loads with only its grants', async (name, group) => {
    expect(existsSync(group.entry)).toBe(true);
    const module = await loadGroup(name as RouteGroupName);
    expect(typeof module.handler).toBe('function');
  });

  it('refuses to build a group whose handlers differ from the table', () => {
    const ok = httpRoute({}, async () => json({}));
    expect(() => dispatch('skills', { 'GET /skills': ok } as never)).toThrow(
      /implements \[GET \/skills\] but the route table lists \[GET \/skills, GET \/skills\/\{skillId\}\]/,
    );
  });
});

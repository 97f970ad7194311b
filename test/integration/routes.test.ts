// The whole path on the local city: HTTP → adapter → handler → DynamoDB Local.
import { describe, expect, inject, it } from 'vitest';
import { routes } from '../../definitions/routes';

const base = inject('cityUrl');
const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);

describe('the local demo city', () => {
  it('is healthy and tells its name and links', async () => {
    expect(await (await get('/health')).json()).toMatchObject({ status: 'ok', city: 'demo' });
    const city = (await (await get('/city')).json()) as { name: string; links: { skills: string } };
    expect(city.name).toBe('Demo City of Learning');
    expect(city.links.skills).toBe(`${base}/skills`);
  });

  it('serves the seeded skills spine, each skill at its own stable URL', async () => {
    const response = await get('/skills');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const spine = (await response.json()) as { skills: { id: string; skillId: string; name: string }[]; groups: unknown[]; levels: unknown[] };
    expect(spine.skills.length).toBeGreaterThanOrEqual(8);
    expect(spine.groups.length).toBeGreaterThanOrEqual(2);
    expect(spine.levels.length).toBeGreaterThanOrEqual(1);
    for (const skill of spine.skills.slice(0, 3)) {
      const one = await fetch(skill.id);
      expect(one.status).toBe(200);
      expect(await one.json()).toMatchObject({ skillId: skill.skillId, name: skill.name, alignment: { targetUrl: skill.id } });
    }
  });

  it('answers unknown routes and methods with problem+json, as API Gateway would route them', async () => {
    const missing = await get('/no/such/thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await get('/skills', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  // Hostile input to every route in the table: always a 4xx problem+json, or a 2xx; never a 5xx.
  const hostile = ['%00', '..%2F..%2Fetc%2Fpasswd', 'A'.repeat(5000), '%E0%A4%A', '__proto__', 'constructor', '%F0%9F%92%A9', "'%20OR%201=1"];
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s never fails with a 5xx on hostile input', async (_key, route) => {
    for (const value of hostile) {
      const path = route.path.replace(/\{[^}]+\}/g, value);
      const query = `?group=${value}&includeRetired=${value}&__proto__[x]=1`;
      const response = await get(`${path}${query}`, {
        method: route.method,
        // The city's own answer: a redirect (GET /sign-in's, to the sign-in provider) is not followed.
        redirect: 'manual',
        // With a key, so that authenticated routes' hostile input reaches their functions.
        headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('providerKey')}` },
        ...(route.method === 'GET' ? {} : { body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}' }),
      });
      expect(response.status, `${route.method} ${path}${query}`).toBeLessThan(500);
      if (response.status >= 400) expect(response.headers.get('content-type')).toBe('application/problem+json');
      const text = await response.text();
      expect(text).not.toMatch(/at .*\.ts:\d+|node_modules/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

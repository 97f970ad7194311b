// Providers and their keys on the local city, end to end: an admin creates a provider and a key, the
// provider edits only its own profile, a revoked key fails at once.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const providerKey = inject('providerKey');

const call = (method: string, path: string, key?: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const newProvider = () => ({
  id: `club-${randomBytes(4).toString('hex')}`,
  name: 'Northside Youth Club',
  url: 'https://youthclub.example.org',
  email: 'hello@youthclub.example.org',
});

describe('providers and API keys', () => {
  it('publishes the seeded provider as OB 2.0 Issuer and OB 3.0 Profile', async () => {
    const v2 = await call('GET', '/issuers/central-library');
    expect(v2.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(await v2.json()).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: `${base}/issuers/central-library`, name: 'Central Library' });
    expect(await (await call('GET', '/issuers/central-library/profile')).json()).toMatchObject({ type: ['Profile'], id: `${base}/issuers/central-library/profile` });
  });

  it('lets an admin create a provider and give it a key that works for its own profile only', async () => {
    const provider = newProvider();
    expect((await call('POST', '/issuers', providerKey, provider)).status).toBe(403);
    const created = await call('POST', '/issuers', adminKey, provider);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/issuers/${provider.id}`);
    expect((await call('POST', '/issuers', adminKey, provider)).status).toBe(409);

    const keyResponse = await call('POST', `/issuers/${provider.id}/api-keys`, adminKey, { label: 'club laptop', scopes: ['profile:write'] });
    expect(keyResponse.status).toBe(201);
    const { key, prefix } = (await keyResponse.json()) as { key: string; prefix: string };
    expect(key).toMatch(new RegExp(`^col_${prefix}_`));

    const edited = await call('PATCH', `/issuers/${provider.id}`, key, { description: 'Friday-night coding' });
    expect(edited.status).toBe(200);
    expect(await (await call('GET', `/issuers/${provider.id}`)).json()).toMatchObject({ description: 'Friday-night coding' });
    // Someone else's provider looks exactly like no provider.
    expect((await call('PATCH', '/issuers/central-library', key, { description: 'x' })).status).toBe(404);
    expect((await call('PATCH', '/issuers/no-such-provider', adminKey, { description: 'x' })).status).toBe(404);

    // The authorizer's answer for this key is cached (valid) by now; the revocation still holds at once.
    expect((await call('POST', `/api-keys/${prefix}/revoke`, adminKey)).status).toBe(200);
    const afterRevoke = await call('PATCH', `/issuers/${provider.id}`, key, { description: 'again' });
    expect(afterRevoke.status).toBe(401);
    expect(await afterRevoke.json()).toMatchObject({ detail: 'The API key has been revoked' });
    expect((await call('POST', `/api-keys/${prefix}/revoke`, adminKey)).status).toBe(409);
  });

  it('rejects bad input with the field named, and changes nothing', async () => {
    const response = await call('POST', '/issuers', adminKey, { id: 'Bad Id', name: '', url: 'ftp://x', email: 'nope' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['email', 'id', 'name', 'url']);
    expect((await call('GET', '/issuers/bad-id')).status).toBe(404);
    const noScope = await call('POST', '/issuers/central-library/api-keys', adminKey, { label: 'x', scopes: ['badges:fly'] });
    expect(noScope.status).toBe(400);
  });
});

describe('the audit log', () => {
  it('records each write with who did it, never the body, newest first, in signed pages', async () => {
    const provider = newProvider();
    expect((await call('POST', '/issuers', adminKey, provider)).status).toBe(201);
    expect((await call('PATCH', `/issuers/${provider.id}`, adminKey, { description: 'secret-ish text' })).status).toBe(200);
    expect((await call('GET', '/audit', providerKey)).status).toBe(403);
    // Other test files write at the same time: look for this provider's entries among the newest.
    const recent = (await (await call('GET', '/audit?limit=100', adminKey)).json()) as { items: Record<string, unknown>[] };
    const mine = recent.items.filter((e) => e.path === `/issuers/${provider.id}` || (e.route === 'POST /issuers' && e.status === 201));
    const patch = recent.items.findIndex((e) => e.route === 'PATCH /issuers/{issuerId}' && e.path === `/issuers/${provider.id}`);
    expect(patch).toBeGreaterThanOrEqual(0);
    expect(recent.items[patch]).toMatchObject({ role: 'city-admin', status: 200 });
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(recent)).not.toContain('secret-ish');
    const first = (await (await call('GET', '/audit?limit=1', adminKey)).json()) as { items: Record<string, unknown>[]; next?: string };
    expect(first.items).toHaveLength(1);
    const second = (await (await call('GET', `/audit?limit=1&cursor=${first.next}`, adminKey)).json()) as { items: Record<string, unknown>[] };
    expect(second.items).toHaveLength(1);
    expect(String(second.items[0]!.at) <= String(first.items[0]!.at)).toBe(true);
    const forged = await call('GET', `/audit?cursor=${first.next!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`, adminKey);
    expect(forged.status).toBe(400);
  });
});

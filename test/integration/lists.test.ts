// Lists page with opaque, signed cursors in a stable order (newest first), bound to the list they came
// from; another provider's lists do not exist for a provider key.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const ownerKey = inject('providerKey');

async function call(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> };
}

/** Every item of a list, following `next` with pages of `limit`. */
async function walk(path: string, limit: number, key?: string) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, key);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.body.items.map((item: { id: string }) => item.id));
    cursor = page.body.next;
  } while (cursor);
  return pages;
}

const providerId = `lists-${randomBytes(4).toString('hex')}`;
let providerKey: string;
const classIds: string[] = [];
const awardIds: string[] = [];

beforeAll(async () => {
  expect((await call('POST', '/issuers', adminKey, { id: providerId, name: 'Lists club', url: 'https://lists.example.org', email: 'hi@lists.example.org' })).status).toBe(201);
  providerKey = (await call('POST', `/issuers/${providerId}/api-keys`, adminKey, { label: 'lists', scopes: ['badges:manage', 'badges:issue'] })).body.key;
  for (const name of ['First', 'Second', 'Third']) {
    const created = await call('POST', '/badge-classes', providerKey, { name: `${name} badge`, description: 'x', criteria: { narrative: 'y' } });
    classIds.push(created.body.id);
  }
  for (let i = 0; i < 5; i++) {
    const award = await call('POST', `/badge-classes/${classIds[0]}/awards`, providerKey, { recipient: { email: `list${i}-${providerId}@example.org` } });
    awardIds.push(award.body.id);
  }
});

describe('lists', () => {
  it("pages a provider's badge classes publicly, newest first, each item once", async () => {
    const pages = await walk(`/issuers/${providerId}/badge-classes`, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual([...classIds].reverse());
    const first = await call('GET', `/issuers/${providerId}/badge-classes?limit=1`);
    expect(first.body.items[0]).toMatchObject({ id: classIds[2], status: 'active', issuerId: providerId });
    expect((await call('GET', '/issuers/no-such-provider/badge-classes')).status).toBe(404);
  });

  it("pages a badge class's awards and a provider's awards for their owner, without personal data", async () => {
    expect((await walk(`/badge-classes/${classIds[0]}/awards`, 2, providerKey)).flat()).toEqual([...awardIds].reverse());
    expect((await walk(`/issuers/${providerId}/awards`, 3, adminKey)).flat()).toEqual([...awardIds].reverse());
    const page = await call('GET', `/badge-classes/${classIds[0]}/awards?limit=1`, providerKey);
    expect(page.body.items[0]).toMatchObject({ id: awardIds[4], state: 'valid', links: { page: expect.stringContaining(awardIds[4]!) } });
    expect(JSON.stringify(page.body)).not.toContain('@example.org');
  });

  it("keeps a learner's name for the provider only: sealed at rest, in no public document", async () => {
    const name = `Ana Named ${providerId}`;
    const created = await call('POST', `/badge-classes/${classIds[1]}/awards`, providerKey, { recipient: { email: `named-${providerId}@example.org`, name } });
    expect(created.body.recipient).toEqual({ type: 'email', hashed: true, identity: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/), salt: expect.any(String), name });
    const listed = await call('GET', `/badge-classes/${classIds[1]}/awards`, providerKey);
    expect(listed.body.items[0]).toMatchObject({ id: created.body.id, recipient: { name } });
    for (const url of [created.body.links.page, created.body.links.credential, created.body.links.image]) {
      const text = Buffer.from(await (await fetch(url, { headers: { accept: url === created.body.links.page ? 'text/html' : '*/*' } })).arrayBuffer()).toString('latin1');
      expect(text).not.toContain('Ana Named');
    }
    expect(JSON.stringify(await (await fetch(created.body.links.assertion, { headers: { accept: 'application/ld+json' } })).json())).not.toContain('Ana Named');
  });

  it("hides another provider's lists behind 404", async () => {
    expect((await call('GET', `/badge-classes/${classIds[0]}/awards`, ownerKey)).status).toBe(404);
    expect((await call('GET', `/issuers/${providerId}/awards`, ownerKey)).status).toBe(404);
  });

  it('refuses a forged cursor, and a cursor from another list, naming the field', async () => {
    const next = (await call('GET', `/issuers/${providerId}/badge-classes?limit=1`)).body.next as string;
    const forged = await call('GET', `/issuers/${providerId}/badge-classes?cursor=${encodeURIComponent(`${next.slice(0, -2)}xx`)}`);
    expect(forged).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(forged.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'cursor' })]);
    const elsewhere = await call('GET', `/issuers/central-library/badge-classes?cursor=${encodeURIComponent(next)}`);
    expect(elsewhere.status).toBe(400);
    expect((await call('GET', `/issuers/${providerId}/badge-classes?limit=0`)).status).toBe(400);
    expect((await call('GET', `/issuers/${providerId}/badge-classes?limit=101`)).status).toBe(400);
  });
});

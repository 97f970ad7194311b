// A provider publishes a pathway by API, on the local city, and it is where it should be: listed under
// its skill, its page with the diagram and where to earn each step, its public JSON and its CTDL
// export; a draft change is not public until published; the demo pathways are there; archiving takes
// it out of the list.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { opportunityBody } from '../support/opportunity-body';
import { pathwayBody } from '../support/pathway-body';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const unique = randomBytes(4).toString('hex');

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const getJson = async (path: string) => (await (await fetch(`${base}${path}`)).json()) as Record<string, any>;
const listed = async (query: string) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await getJson(`/pathways?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.items.map((p: { id: string }) => p.id));
    cursor = page.next;
  } while (cursor);
  return ids;
};

describe('pathways, end to end', () => {
  it('a provider publishes one; it is listed by skill, has its page, JSON and CTDL, and leaves the list when archived', async () => {
    const make = (name: string) => ({ name, description: `${name}.`, criteria: { narrative: 'Took part.' }, alignments: [{ skillId: 'digital-making' }] });
    const first = (await send('POST', '/badge-classes', make(`Pathway step one ${unique}`))).body;
    const second = (await send('POST', '/badge-classes', make(`Pathway step two ${unique}`))).body;
    const milestone = (await send('POST', '/badge-classes', make(`Pathway milestone ${unique}`))).body;
    // Where to earn the first step: an opportunity that awards it.
    await send('POST', '/opportunities', opportunityBody({ title: `Pathway club ${unique}`, badgeClassIds: [first.id] }));
    const draft = await send(
      'POST',
      '/pathways',
      pathwayBody([], {
        name: `Making pathway ${unique}`,
        skills: ['digital-making'],
        rule: { type: 'group', order: 'required', of: [{ type: 'badge-class', badgeClassId: first.id }, { type: 'badge-class', badgeClassId: second.id }] },
        milestoneBadgeClassId: milestone.id,
        destination: { type: 'url', url: 'https://jobs.example.org/makers', name: 'Maker jobs', kind: 'job' },
      }),
      { 'idempotency-key': `pathway-${unique}` },
    );
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    // Not public until published.
    expect((await fetch(`${base}/pathways/${id}`)).status).toBe(404);

    const published = await send('POST', `/pathways/${id}/publish`);
    expect(published.body).toMatchObject({ status: 'published', published: { version: 1 } });
    expect(await listed('skill=digital-making')).toContain(id);
    expect(await listed('skill=coding')).not.toContain(id);

    const json = await getJson(`/pathways/${id}`);
    expect(json).toMatchObject({ id, status: 'published', version: 1, milestoneBadgeClassId: milestone.id, links: { ctdl: `${base}/pathways/${id}/ctdl` } });
    const page = await (await fetch(`${base}/pathways/${id}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<svg class="pd"');
    expect(page).toContain(`Pathway club ${unique}`);
    expect(page).toContain('Maker jobs');

    const ctdlResponse = await fetch(`${base}/pathways/${id}/ctdl`);
    expect(ctdlResponse.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const ctdl = (await ctdlResponse.json()) as { '@graph': Record<string, any>[] };
    expect(ctdl['@graph'][0]).toMatchObject({ '@type': 'ceterms:Pathway', 'ceterms:name': { en: `Making pathway ${unique}` } });
    const steps = ctdl['@graph'].filter((n) => n['@type'] === 'ceterms:CredentialComponent' && String(n['ceterms:proxyFor']).includes(second.id));
    expect(steps).toHaveLength(1);
    expect(steps[0]!['ceterms:prerequisite']).toHaveLength(1);

    // A change of the draft is not public until published again; version 1 stays readable.
    await send('PATCH', `/pathways/${id}`, { description: 'Changed.' });
    expect((await getJson(`/pathways/${id}`)).description).toBe(json.description);
    expect((await send('POST', `/pathways/${id}/publish`)).body.published.version).toBe(2);
    expect((await getJson(`/pathways/${id}`)).description).toBe('Changed.');
    expect((await getJson(`/pathways/${id}/versions/1`)).description).toBe(json.description);

    expect((await send('POST', `/pathways/${id}/archive`)).body.status).toBe('archived');
    expect(await listed('skill=digital-making')).not.toContain(id);
    expect((await getJson(`/pathways/${id}`)).status).toBe('archived');
  });

  it('the demo city has its three pathways, each with a milestone', async () => {
    const page = await getJson('/pathways?limit=100');
    const demo = page.items.filter((p: { name: string }) => ['Into Engineering', 'City Explorer', 'Green Futures'].includes(p.name));
    expect(demo.map((p: { name: string }) => p.name).sort()).toEqual(['City Explorer', 'Green Futures', 'Into Engineering']);
    expect(demo.every((p: { milestoneBadgeClassId?: string }) => p.milestoneBadgeClassId)).toBe(true);
    expect((await fetch(`${base}/pathways`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });
});

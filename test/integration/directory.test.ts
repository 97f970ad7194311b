// A provider publishes an opportunity by API, on the local city, and it is everywhere it should be: in
// search by skill, words and place, on the search page's map data, on its own page with JSON-LD, in its
// calendar file and in the RPDE feed; a retried create makes one opportunity; cancelling takes it out of
// search, and the feed says it is cancelled.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { opportunityBody } from '../support/opportunity-body';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const word = `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
const getJson = async (path: string) => (await (await fetch(`${base}${path}`)).json()) as Record<string, any>;

describe('the directory, end to end', () => {
  it('finds what a provider publishes, once, everywhere, until it is cancelled', async () => {
    const body = opportunityBody({ title: `Kite making ${word}`, skills: [{ skillId: 'creativity' }], place: { mode: 'in-person', venue: { name: 'Hill Park', streetAddress: 'Park Road', locality: 'Demo City', postcode: 'DC9 9HP', latitude: 52.52, longitude: -1.95 } } });
    const key = `directory-${randomBytes(6).toString('hex')}`;
    const [first, again] = [await send('POST', '/opportunities', body, { 'idempotency-key': key }), await send('POST', '/opportunities', body, { 'idempotency-key': key })];
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; url: string };
    expect(((await again.json()) as { id: string }).id).toBe(created.id);

    const found = await getJson(`/opportunities?q=${word}`);
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([created.id]);
    expect((await getJson('/opportunities?skill=creativity&near=52.52,-1.95&radiusKm=1&sort=nearest')).items[0]).toMatchObject({ id: created.id, distanceKm: 0 });
    const searchPage = await (await fetch(`${base}/opportunities?q=${word}`, { headers: { accept: 'text/html' } })).text();
    expect(searchPage).toContain(`"url":"${created.url}"`);
    const page = await (await fetch(created.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<script type="application/ld+json">');
    expect(await (await fetch(`${created.url}/calendar`)).text()).toContain(`SUMMARY:Kite making ${word}`);

    await send('POST', `/opportunities/${created.id}/cancel`);
    expect((await getJson(`/opportunities?q=${word}`)).items).toEqual([]);
    // The feed holds back the last 2 seconds of changes.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    let url = `${base}/feeds/opportunities`;
    let item: Record<string, any> | undefined;
    for (let pages = 0; pages < 100 && !item; pages++) {
      const feed = (await (await fetch(url)).json()) as { next: string; items: Record<string, any>[] };
      item = feed.items.find((i) => i.id === created.id);
      if (feed.next === url) break;
      url = feed.next;
    }
    expect(item).toMatchObject({ state: 'updated', kind: 'SessionSeries', data: { eventStatus: 'https://schema.org/EventCancelled', name: `Kite making ${word}` } });
  });
});

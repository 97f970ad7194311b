// The funnels on the local city: a provider of its own (so its dashboard holds its pages only) lists an
// opportunity with a booking URL; people's views of its page and their clicks through "Book or apply
// online" are counted, a robot's and the JSON's are not, the click goes to the opportunity's own
// booking URL whatever the query says, and the provider's dashboard shows the counts rounded.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { opportunityBody } from '../support/opportunity-body';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const HTML = { accept: 'text/html', 'user-agent': BROWSER };
const BOOKING = 'https://booking.example.org/funnel-test';

const post = async (path: string, key: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, path).toBeLessThan(300);
  return (await response.json()) as Record<string, any>;
};

/** A funnel table's figures by group and step, as the page shows them. */
function funnelFigures(page: string, id: string): Map<string, Map<string, string>> {
  const table = page.slice(page.indexOf(`id="${id}-table"`), page.indexOf('</table>', page.indexOf(`id="${id}-table"`)));
  const groups = new Map<string, Map<string, string>>();
  for (const body of table.split('<tbody>').slice(1)) {
    const name = /<th scope="rowgroup"[^>]*>([^<]*)<\/th>/.exec(body)![1]!;
    groups.set(name, new Map([...body.matchAll(/<th scope="row">([^<]*)<\/th><td class="n">([^<]*)<\/td>/g)].map((m) => [m[1]!, m[2]!])));
  }
  return groups;
}

describe('funnels on the local city', () => {
  it('counts views and booking clicks of people, and the dashboard shows them rounded', { timeout: 300_000 }, async () => {
    const providerId = `funnel-${randomBytes(4).toString('hex')}`;
    await post('/issuers', adminKey, { id: providerId, name: 'Funnel provider', url: 'https://funnel.example.org', email: 'hi@funnel.example.org' });
    const { key } = await post(`/issuers/${providerId}/api-keys`, adminKey, { label: 'funnel', scopes: ['opportunities:manage'] });
    const title = `Funnel workshop ${randomBytes(3).toString('hex')}`;
    const opportunity = await post('/opportunities', key, opportunityBody({ title, takePart: { bookingUrl: BOOKING } }));
    const page = `${base}/opportunities/${opportunity.id}`;

    for (let i = 0; i < 27; i++) {
      const response = await fetch(page, { headers: HTML });
      expect(response.status).toBe(200);
      if (i === 0) expect(await response.text()).toContain(`/opportunities/${opportunity.id}/book`);
      else await response.arrayBuffer();
    }
    // Not people: a crawler, a link preview, the JSON.
    for (const headers of [{ ...HTML, 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }, { ...HTML, 'user-agent': 'facebookexternalhit/1.1' }, { accept: 'application/json', 'user-agent': BROWSER }]) {
      expect((await fetch(page, { headers })).status).toBe(200);
    }
    for (let i = 0; i < 13; i++) {
      const click = await fetch(`${page}/book?url=${encodeURIComponent('https://evil.example.com/')}`, { headers: HTML, redirect: 'manual' });
      expect(click.status).toBe(303);
      expect(click.headers.get('location')).toBe(BOOKING);
    }

    const month = `M${new Date().toISOString().slice(0, 7)}`;
    const dashboard = await fetch(`${base}/insights?period=${month}`, { headers: { accept: 'text/html', authorization: `Bearer ${key}` } });
    expect(dashboard.status).toBe(200);
    const funnels = funnelFigures(await dashboard.text(), 'funnel-opportunities');
    // Its own opportunity only: 27 views published as 25, 13 clicks as 15; no badges yet, 0 per 100 views.
    expect([...funnels.keys()]).toEqual([title, 'All']);
    expect(Object.fromEntries(funnels.get(title)!)).toEqual({ 'Page views': '25', 'Booking clicks': '15', Claims: '0', 'Badges earned': '0', 'Badges earned per 100 page views': '0.0' });
  });
});

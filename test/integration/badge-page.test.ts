// A badge's page on the local city, end to end: a provider publishes an opportunity at the next level
// of a badge's skill and it appears in the badge page's "what next"; the page shows the learner's own
// words; HEAD answers the page and the images with GET's headers and no body; the share image is a PNG
// (an SVG badge drawn once, then read back); an opportunity gets a cleaned picture; and /verify takes
// the baked image from a browser's form and answers in words, while JSON callers get JSON.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { opportunityBody } from '../support/opportunity-body';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const word = `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const html = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };
const withoutRequestId = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !['x-request-id', 'apigw-requestid', 'date', 'content-length', 'keep-alive', 'connection'].includes(name)));

describe("a badge's page", () => {
  let award: Record<string, any>;
  let opportunityId: string;
  const narrative = `I kept going when the robot would not turn ${word}.`;

  it('lists, in what next, an opportunity a provider publishes at the next level of the badge’s skill', async () => {
    const badgeClass = await send('POST', '/badge-classes', {
      name: `Resilience starter ${word}`,
      description: 'Kept at it.',
      criteria: { narrative: 'Finish a hard build.' },
      alignments: [{ skillId: 'resilience', level: 'explorer' }],
      tags: [],
    });
    expect(badgeClass.status).toBe(201);
    const made = await send('POST', `/badge-classes/${badgeClass.body.id}/awards`, { recipient: { email: `${word}@example.org` }, narrative });
    expect(made.status).toBe(201);
    award = made.body;
    const next = await send(
      'POST',
      '/opportunities',
      opportunityBody({ title: `Robot league ${word}`, skills: [{ skillId: 'resilience', level: 'builder' }] }),
      { 'idempotency-key': `badge-page-${word}` },
    );
    expect(next.status).toBe(201);
    opportunityId = next.body.id;
    const sameLevel = await send('POST', '/opportunities', opportunityBody({ title: `Robot taster ${word}`, skills: [{ skillId: 'resilience', level: 'explorer' }] }), {
      'idempotency-key': `badge-page-same-${word}`,
    });
    expect(sameLevel.status).toBe(201);

    const page = await (await fetch(award.links.page, { headers: html })).text();
    const whatNext = page.slice(page.indexOf('<h2 id="what-next">'));
    expect(whatNext).toContain(`Robot league ${word}`);
    expect(whatNext).not.toContain(`Robot taster ${word}`);
    expect(whatNext).toContain(`${base}/opportunities?skill=resilience`);
    expect(page).toContain(narrative);
    // Share previews get a PNG.
    expect(page).toContain(`<meta property="og:image" content="${award.links.page}/share-image">`);
  });

  it('answers HEAD on the page, the baked image and the share image with the headers of GET and no body', async () => {
    for (const [url, headers] of [[award.links.page, html], [award.links.page, { accept: 'application/ld+json' }], [`${award.links.page}/image`, {}], [`${award.links.page}/share-image`, {}]] as const) {
      const get = await fetch(url, { headers });
      const head = await fetch(url, { method: 'HEAD', headers });
      expect(head.status, url).toBe(get.status);
      expect(withoutRequestId(head.headers), url).toEqual(withoutRequestId(get.headers));
      expect((await head.arrayBuffer()).byteLength, url).toBe(0);
    }
  });

  it('serves its share image as a PNG, the same bytes each time (made once, then read back from the bucket)', async () => {
    const first = await fetch(`${award.links.page}/share-image`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(Buffer.from(await (await fetch(`${award.links.page}/share-image`)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("gives an opportunity a cleaned picture, shown on its page", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"><rect width="16" height="9" fill="#1b4f72"/><script>alert(1)</script></svg>';
    const refused = await fetch(`${base}/opportunities/${opportunityId}/image`, { method: 'PUT', headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'image/svg+xml' }, body: svg });
    expect(refused.status).toBe(400);
    const clean = svg.replace('<script>alert(1)</script>', '');
    const put = await fetch(`${base}/opportunities/${opportunityId}/image`, { method: 'PUT', headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'image/svg+xml' }, body: clean });
    expect(put.status).toBe(200);
    const { links } = (await put.json()) as { links: { image: string } };
    const image = await fetch(links.image);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('<rect');
    expect(await (await fetch(`${base}/opportunities/${opportunityId}`, { headers: html })).text()).toContain(`src="${links.image}"`);
  });
});

describe('/verify for people', () => {
  it('checks a baked image uploaded from the form and answers in words; the same route answers JSON to machines', async () => {
    const badgeClass = await send('POST', '/badge-classes', { name: `Verify me ${word}`, description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] });
    const award = (await send('POST', `/badge-classes/${badgeClass.body.id}/awards`, { recipient: { email: `v-${word}@example.org` } })).body;
    const baked = Buffer.from(await (await fetch(award.links.image)).arrayBuffer());

    const form = new FormData();
    form.append('image', new Blob([baked], { type: 'image/svg+xml' }), 'badge.svg');
    form.append('url', '');
    form.append('json', '');
    const page = await fetch(`${base}/verify`, { method: 'POST', headers: html, body: form });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await page.text();
    expect(text).toContain('Every check passed: this badge is genuine, and current.');
    expect(text).toContain(`Verify me ${word}`);

    const empty = new FormData();
    empty.append('url', '');
    const mistake = await fetch(`${base}/verify`, { method: 'POST', headers: html, body: empty });
    expect(mistake.status).toBe(400);
    expect(await mistake.text()).toContain('Choose the badge image, or paste the badge’s link or its data.');

    const machine = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image: baked.toString('base64') }) });
    expect(machine.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await machine.json()) as { verified: boolean }).verified).toBe(true);
    expect(await (await fetch(`${base}/verify`, { headers: html })).text()).toContain('enctype="multipart/form-data"');
  });
});

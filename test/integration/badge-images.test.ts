// Uploading a badge image through the route on the local city: hostile images answer 400 problem+json
// saying what, and change nothing; what is stored, served and baked into awards is the cleaned image.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { bakePng, unbake } from '../../functions/domain/baking';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const SVG_NS = 'http://www.w3.org/2000/svg';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
const craftedPng = (width: number, height: number, idat: Buffer) => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
};
const png = () => {
  const image = new PNG({ width: 16, height: 16 });
  image.data.fill(200);
  return PNG.sync.write(image);
};

const request = async (method: string, path: string, body?: Buffer | string, contentType = 'application/json') => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
};
const putImage = (data: Buffer | string, type: string) => request('PUT', `/badge-classes/${classId}/image`, data, type);
const jsonOf = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Record<string, any>;

let classId: string;

beforeAll(async () => {
  const created = await request(
    'POST',
    '/badge-classes',
    JSON.stringify({ name: `Clean images ${randomBytes(3).toString('hex')}`, description: 'Uploads.', criteria: { narrative: 'Upload.' }, alignments: [{ skillId: 'coding' }] }),
  );
  expect(created.status).toBe(201);
  classId = jsonOf(created.bytes).id;
});

describe('PUT /badge-classes/{badgeClassId}/image', () => {
  it.each([
    ['a script under an SVG prefix', `<s:svg xmlns:s="${SVG_NS}"><s:script>alert(1)</s:script></s:svg>`, /<s:script>/],
    ['an XHTML script', `<svg xmlns="${SVG_NS}"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>`, /<h:script>/],
    ['a foreignObject', `<svg xmlns="${SVG_NS}"><foreignObject/></svg>`, /<foreignObject>/],
    ['javascript: behind a character reference', `<svg xmlns="${SVG_NS}"><a href="jav&#x61;script:alert(1)"/></svg>`, /javascript:/],
    ['an external DTD', `<!DOCTYPE svg SYSTEM "http://127.0.0.1:1/x.dtd"><svg xmlns="${SVG_NS}"/>`, /DOCTYPE/],
    ['an external image', `<svg xmlns="${SVG_NS}"><image href="http://127.0.0.1:1/p.png"/></svg>`, /refers outside the image/],
    ['a CSS @import', `<svg xmlns="${SVG_NS}"><style>@import url(http://127.0.0.1:1/x.css);</style></svg>`, /@import/],
  ])('refuses an SVG with %s: 400 problem+json naming it, nothing stored', async (_label, svg, detail) => {
    const before = jsonOf((await request('GET', `/badge-classes/${classId}`)).bytes);
    const answer = await putImage(svg, 'image/svg+xml');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    const problem = jsonOf(answer.bytes);
    expect(problem.errors).toEqual([{ in: 'body', field: '', detail: expect.stringMatching(detail) }]);
    expect(jsonOf((await request('GET', `/badge-classes/${classId}`)).bytes).version).toBe(before.version);
  });

  it.each([
    ['declares 60000×60000 pixels', () => craftedPng(60000, 60000, deflateSync(Buffer.alloc(64))), /60000×60000/],
    ['is a 50 MB deflate bomb', () => craftedPng(100, 100, deflateSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 })), /inflates to more than/],
  ])('refuses a PNG that %s', async (_label, make, detail) => {
    const answer = await putImage(make(), 'image/png');
    expect(answer.status).toBe(400);
    expect(jsonOf(answer.bytes).errors[0].detail).toMatch(detail);
  });

  it("stores the PNG without the uploader's own openbadges payload, and awards bake only the city's", async () => {
    const forged = bakePng(png(), { openbadges: JSON.stringify({ id: 'http://127.0.0.1:1/forged', type: 'Assertion' }) });
    const uploaded = await putImage(Buffer.concat([forged, Buffer.from('trailing')]), 'image/png');
    expect(uploaded.status).toBe(200);
    const stored = await request('GET', new URL(jsonOf(uploaded.bytes).image as string).pathname);
    expect(stored.status).toBe(200);
    expect(unbake(stored.bytes)).toEqual({});
    expect(stored.bytes.includes(Buffer.from('trailing'))).toBe(false);

    const award = await request('POST', `/badge-classes/${classId}/awards`, JSON.stringify({ recipient: { email: `clean-${randomBytes(4).toString('hex')}@example.org` } }));
    expect(award.status).toBe(201);
    const baked = await request('GET', new URL(jsonOf(award.bytes).links.image as string).pathname);
    const payloads = unbake(baked.bytes);
    expect(JSON.parse(payloads.openbadges!).id).toBe(jsonOf(award.bytes).links.assertion);
    expect(payloads.openbadges).not.toContain('forged');
  });

  it('stores a clean SVG re-serialised, editor metadata dropped', async () => {
    const svg = `<svg xmlns="${SVG_NS}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="64" height="64"><!-- hi --><inkscape:namedview/><circle r="30" cx="32" cy="32" fill="#2a9d8f" inkscape:label="c"/></svg>`;
    const uploaded = await putImage(svg, 'image/svg+xml');
    expect(uploaded.status).toBe(200);
    const stored = await request('GET', new URL(jsonOf(uploaded.bytes).image as string).pathname);
    expect(stored.bytes.toString('utf8')).toBe(`<svg xmlns="${SVG_NS}" width="64" height="64"><circle r="30" cx="32" cy="32" fill="#2a9d8f"/></svg>`);
  });
});

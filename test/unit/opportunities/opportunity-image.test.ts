// An opportunity's picture, through the same cleaning as badge images: uploaded by its provider only
// (PUT …/image, opportunities:manage), refused when it is no clean PNG or SVG, stored under a new key
// per upload before the opportunity names it (a failure in between changes nothing), shown on its page
// and served at …/image (HEAD too); a draft's is not public.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { issueApiKey } from '../../../functions/api-keys/service';
import { createProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import { NewOpportunitySchema, type Opportunity } from '../../../functions/domain/opportunities';
import { handler } from '../../../functions/opportunities/handler';
import { handler as publishing } from '../../../functions/opportunities/publishing-handler';
import { createOpportunity } from '../../../functions/opportunities/service';
import { syncSpine } from '../../../functions/spine/service';
import { authorizedEvent, context, httpEvent, parseBody } from '../../support/events';
import { classSvg } from '../../support/award-fixtures';
import { FakeAws } from '../../support/fake-aws';
import { opportunityBody } from '../../support/opportunity-body';

const aws = new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage'], keyPrefix: 'lib' };
let libraryKey: string;
let museumKey: string;
let opportunity: Opportunity;

const put = async (id: string, body: Buffer | string, contentType: string, key = libraryKey) =>
  publishing(
    await authorizedEvent({ method: 'PUT', path: `/opportunities/${id}/image`, headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body: Buffer.from(body).toString('base64') }).then(
      (event) => ({ ...event, isBase64Encoded: true }),
    ),
    context,
  );

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  for (const [id, name] of [['central-library', 'Central Library'], ['city-museum', 'City Museum']]) {
    await createProvider({ id: id!, name: name!, url: 'https://x.example.org', email: 'a@x.example.org' }, new Date());
  }
  libraryKey = (await issueApiKey({ role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage'], label: 'test' }, new Date())).key;
  museumKey = (await issueApiKey({ role: 'provider', providerId: 'city-museum', scopes: ['opportunities:manage'], label: 'test' }, new Date())).key;
  opportunity = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Code Club' })), library, new Date());
});

describe("an opportunity's picture", () => {
  it('is cleaned as a badge image is, stored, named by the opportunity, served and shown on its page', async () => {
    const reply = await put(opportunity.id, classSvg, 'image/svg+xml');
    expect(reply.statusCode).toBe(200);
    const presented = parseBody(reply) as { links: { image: string }; image?: unknown };
    expect(presented.links.image).toMatch(new RegExp(`/opportunities/${opportunity.id}/image\\?v=[a-z2-7]{8}$`));
    // The bucket key is ours, never in the answer.
    expect(presented).not.toHaveProperty('image');
    const stored = [...aws.objects.keys()].filter((k) => k.startsWith(`opportunities/${opportunity.id}/`));
    expect(stored).toHaveLength(1);

    const image = await handler(httpEvent({ path: `/opportunities/${opportunity.id}/image` }), context);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.headers['content-security-policy']).toContain("default-src 'none'");
    expect(Buffer.from(image.body!, 'base64').toString()).toBe(aws.objects.get(stored[0]!)!.body.toString());
    const head = await handler(httpEvent({ method: 'HEAD', path: `/opportunities/${opportunity.id}/image` }), context);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/svg+xml');
    expect(head.body).toBe('');

    const page = await handler(httpEvent({ path: `/opportunities/${opportunity.id}`, headers: { accept: 'text/html' } }), context);
    expect(page.body).toContain(`<img class="opportunity-image" src="${presented.links.image}" alt=""`);
  });

  it('is refused when it is not a clean PNG or SVG, naming what, and nothing changes', async () => {
    const before = [...aws.objects.keys()].length;
    const script = await put(opportunity.id, classSvg.replace('</svg>', '<script>alert(1)</script></svg>'), 'image/svg+xml');
    expect(script.statusCode).toBe(400);
    expect(JSON.stringify(parseBody(script))).toMatch(/script/);
    expect((await put(opportunity.id, 'GIF89a', 'image/gif')).statusCode).toBe(415);
    expect((await put(opportunity.id, Buffer.alloc(300 * 1024), 'image/png')).statusCode).toBe(413);
    expect([...aws.objects.keys()].length).toBe(before);
  });

  it("is the provider's own to change: another provider's key finds nothing", async () => {
    expect((await put(opportunity.id, classSvg, 'image/svg+xml', museumKey)).statusCode).toBe(404);
  });

  it('of an opportunity without one, or a draft, is not found', async () => {
    const plain = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'No picture' })), library, new Date());
    expect((await handler(httpEvent({ path: `/opportunities/${plain.id}/image` }), context)).statusCode).toBe(404);
    const draft = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Draft', status: 'draft' })), library, new Date());
    expect((await put(draft.id, classSvg, 'image/svg+xml')).statusCode).toBe(200);
    expect((await handler(httpEvent({ path: `/opportunities/${draft.id}/image` }), context)).statusCode).toBe(404);
  });

  it('keeps the opportunity as it was when storing the picture fails, and a retry succeeds', async () => {
    const fresh = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Retry' })), library, new Date());
    aws.fail('PutObject', { nth: 1 });
    expect((await put(fresh.id, classSvg, 'image/svg+xml')).statusCode).toBe(503);
    const unchanged = parseBody(await handler(httpEvent({ path: `/opportunities/${fresh.id}` }), context)) as { links: Record<string, string> };
    expect(unchanged.links.image).toBeUndefined();
    expect((await put(fresh.id, classSvg, 'image/svg+xml')).statusCode).toBe(200);
  });
});

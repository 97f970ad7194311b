// GET /openapi.json and GET /docs: the document for this city, and the page made from it: every route,
// no scripts, nothing fetched from elsewhere, every in-page link landing somewhere.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('openapi'));
import { describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/openapi/handler';
import type { OpenApiDocument } from '../../functions/openapi/document';
import { routes } from '../../definitions/routes';
import { operationsOf } from '../support/openapi';
import { context, httpEvent, parseBody } from '../support/events';

describe('the API contract routes', () => {
  it('GET /openapi.json answers the document for this city, cacheable', async () => {
    const reply = await handler(httpEvent({ path: '/openapi.json' }), context);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    const document = parseBody(reply) as unknown as OpenApiDocument;
    expect(document.servers[0]!.url).toBe('https://unit.example');
    expect(document.info.title).toBe('Unit City API');
  });

  it('GET /docs renders every route from the document, as a page without scripts or outside assets', async () => {
    const reply = await handler(httpEvent({ path: '/docs', headers: { accept: 'text/html' } }), context);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = reply.body!;
    const document = parseBody(await handler(httpEvent({ path: '/openapi.json' }), context)) as unknown as OpenApiDocument;
    expect(operationsOf(document)).toHaveLength(routes.length);
    for (const { method, path, operation } of operationsOf(document)) {
      expect(page).toContain(`id="${operation.operationId}"`);
      expect(page).toContain(`<span class="method">${method}</span> <code>${path}</code>`);
    }
    expect(page).toContain('<h2 id="schemas">Schemas</h2>');
    expect(page).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    // Nothing to fetch: no scripts, stylesheets, fonts or images from anywhere.
    expect(page).not.toMatch(/<link[^>]+rel="stylesheet"|@import|url\(|<img|<iframe/i);
    const targets = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const anchors = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(routes.length);
    expect(anchors.filter((anchor) => !targets.has(anchor))).toEqual([]);
  });
});

// Every HTML page leaves through htmlPage(), which sets the security headers and lets no route weaken
// them; no handler builds an HTML answer by hand (checked in the source, so a new page cannot forget).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY, PAGE_SECURITY_HEADERS } from '../../definitions/security-headers';
import { htmlPage } from '../../functions/http/reply';
import { handler as openapi } from '../../functions/openapi/handler';
import { context, httpEvent } from '../support/events';

const functionsDir = join(import.meta.dirname, '../../functions');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

describe('htmlPage', () => {
  it('sends the page policy as a header: no script, no framing, no base, forms only to the city, no plugins', () => {
    const reply = htmlPage('<!doctype html><p>hi</p>', { cacheSeconds: 60 });
    expect(reply).toMatchObject({ statusCode: 200, body: '<!doctype html><p>hi</p>' });
    expect(reply.headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=60',
      'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    const directives = new Map(PAGE_CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.has('script-src')).toBe(false); // so default-src 'none' forbids every script, inline or not
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
  });

  it("lets a route add headers and a status, but not weaken the security headers", () => {
    const reply = htmlPage('x', { status: 410, headers: { vary: 'Accept', 'content-security-policy': "default-src *", 'referrer-policy': 'unsafe-url' } });
    expect(reply.statusCode).toBe(410);
    expect(reply.headers).toMatchObject({ vary: 'Accept', ...PAGE_SECURITY_HEADERS });
  });

  it('is what the API reference page answers with', async () => {
    const reply = await openapi(httpEvent({ path: '/docs', headers: { accept: 'text/html' } }), context);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers).toMatchObject(PAGE_SECURITY_HEADERS);
  });

  it('is the only place that sets a text/html Content-Type', () => {
    const byHand = sources(functionsDir)
      .filter((file) => !file.endsWith(join('http', 'reply.ts')))
      .filter((file) => /content-type['"]?\s*:\s*['"`]text\/html/i.test(readFileSync(file, 'utf8')))
      .map((file) => relative(functionsDir, file));
    expect(byHand).toEqual([]);
  });
});

await vi.hoisted(async () => (await import('../support/function-env')).runAs('system'));
import { describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/system/handler';
import { context, httpEvent, parseBody } from '../support/events';

describe('system routes', () => {
  it('GET /city answers the city, its branding and links under the public base URL', async () => {
    const body = parseBody(await handler(httpEvent({ path: '/city' }), context));
    expect(body).toMatchObject({ id: 'unit', name: 'Unit City', links: { skills: 'https://unit.example/skills' } });
  });

  it('answers 405 with Allow for a known path and 404 for an unknown one', async () => {
    const wrongMethod = await handler(httpEvent({ method: 'PUT', path: '/skills/coding' }), context);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(parseBody(wrongMethod)).toMatchObject({ status: 405, allow: ['GET'] });
    const unknown = await handler(httpEvent({ path: '/../../etc/passwd' }), context);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
  });
});

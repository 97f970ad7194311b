// A new provider creates a badge class and an opportunity awarding it, by API, on the local city: the
// opportunity and the badge show on the skill's page under the level they name, on the provider's page
// and on the badge class's page, all at the URLs that still answer machines with the JSON-LD they did;
// cancelling takes the opportunity off them again.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { inDays, opportunityBody } from '../support/opportunity-body';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const id = `makers-${randomBytes(4).toString('hex')}`;
const word = `zq${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;

const send = async (key: string, method: string, path: string, body?: unknown) => {
  const reply = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  expect(reply.status, `${method} ${path}: ${reply.status}`).toBeLessThan(300);
  return (await reply.json()) as Record<string, any>;
};
const html = async (url: string) => {
  const reply = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return reply.text();
};
/** The part of a skill page under one level's heading (its rung of the ladder). */
const rung = (page: string, level: string) => page.split('<li class="rung">').find((part) => part.includes(`<h3>${level}</h3>`)) ?? '';

describe('the catalogue pages, end to end', () => {
  it("show what a provider publishes on the skill's, the provider's and the badge class's pages", { timeout: 60_000 }, async () => {
    await send(adminKey, 'POST', '/issuers', { id, name: `Makers ${word}`, url: 'https://makers.example.org', email: 'hello@makers.example.org', description: 'A workshop for young makers.' });
    const { key } = await send(adminKey, 'POST', `/issuers/${id}/api-keys`, { label: 'catalogue pages', scopes: ['badges:manage', 'opportunities:manage'] });
    const badge = await send(key, 'POST', '/badge-classes', {
      name: `Safe online ${word}`,
      description: 'Leads a session on staying safe online.',
      criteria: { narrative: 'Plan and lead a session for younger learners.' },
      alignments: [{ skillId: 'online-safety', level: 'leader' }],
    });
    const opportunity = await send(key, 'POST', '/opportunities', opportunityBody({
      title: `Online safety leaders ${word}`,
      skills: [{ skillId: 'online-safety', level: 'leader' }],
      badgeClassIds: [badge.id],
      schedule: { type: 'sessions', sessions: [{ start: inDays(6), end: inDays(6, '19:00:00') }] },
    }));

    const skillPage = await html(`${base}/skills/online-safety`);
    expect(rung(skillPage, 'Leader')).toContain(`Online safety leaders ${word}`);
    expect(rung(skillPage, 'Leader')).toContain(`Safe online ${word}`);
    expect(rung(skillPage, 'Explorer')).not.toContain(word);

    const providerPage = await html(`${base}/issuers/${id}`);
    expect(providerPage).toContain(`<a href="${opportunity.url}">Online safety leaders ${word}</a>`);
    expect(providerPage).toContain(`<a href="${badge.links.current}">Safe online ${word}</a>`);

    const badgePage = await html(badge.links.current);
    expect(badgePage).toContain(`<a href="${opportunity.url}">Online safety leaders ${word}</a>`);
    expect(badgePage).toContain(`href="${base}/skills/online-safety"`);
    // The badge image the page shows is served.
    expect((await fetch(badge.image)).headers.get('content-type')).toBe('image/svg+xml');

    // Machines get what they always did at the same URLs.
    const ld = await fetch(badge.links.current, { headers: { accept: 'application/ld+json' } });
    expect(ld.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(await ld.json()).toMatchObject({ type: 'BadgeClass', name: `Safe online ${word}` });
    expect(await (await fetch(`${base}/issuers/${id}`)).json()).toMatchObject({ type: 'Issuer', name: `Makers ${word}` });
    expect(await (await fetch(`${base}/skills`)).json()).toMatchObject({ type: 'SkillsFramework' });
    expect(await html(`${base}/skills`)).toContain(`<a href="${base}/skills/online-safety">`);

    await send(key, 'POST', `/opportunities/${opportunity.id}/cancel`);
    expect(await html(badge.links.current)).not.toContain(`Online safety leaders ${word}`);
    expect(await html(`${base}/skills/online-safety`)).not.toContain(`Online safety leaders ${word}`);
  });
});

// A milestone badge on the local city, end to end through the API: a provider makes two step badge
// classes and a milestone class, publishes a pathway of both steps, and awards a learner the steps;
// the event stream's milestone consumer awards the milestone within a bounded time, exactly once, with
// the steps as evidence, on the badge page like any badge.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
/** The milestone must appear within this long of the last step's award (the stream polls four times a second). */
const BOUND_MS = 30_000;

const send = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
};
const newClass = (name: string) => send('POST', '/badge-classes', { name, description: `${name}.`, criteria: { narrative: 'Do it.' } });

describe('a milestone badge through the local city', () => {
  it('arrives once, within a bounded time, after the steps are awarded', { timeout: 180_000 }, async () => {
    const run = randomBytes(4).toString('hex');
    const [a, b, milestone] = await Promise.all([newClass(`Step one ${run}`), newClass(`Step two ${run}`), newClass(`Pathway done ${run}`)]);
    const pathway = await send('POST', '/pathways', {
      name: `Milestone test ${run}`,
      description: 'Two steps, then a milestone.',
      skills: ['creativity'],
      rule: { type: 'group', of: [{ type: 'badge-class', badgeClassId: a.id }, { type: 'badge-class', badgeClassId: b.id }] },
      milestoneBadgeClassId: milestone.id,
    });
    await send('POST', `/pathways/${pathway.id}/publish`);
    const email = `milestone-${run}@example.org`;
    const first = await send('POST', `/badge-classes/${a.id}/awards`, { recipient: { email } });
    const second = await send('POST', `/badge-classes/${b.id}/awards`, { recipient: { email } });
    const awarded = Date.now();

    let milestones: Record<string, any>[] = [];
    while (Date.now() - awarded < BOUND_MS) {
      milestones = (await send('GET', `/badge-classes/${milestone.id}/awards`)).items as Record<string, any>[];
      if (milestones.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(milestones).toHaveLength(1);
    // Still once a while later: redeliveries and the second step's own evaluation add nothing.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await send('GET', `/badge-classes/${milestone.id}/awards`)).items).toHaveLength(1);

    const id = String(milestones[0]!.id);
    const assertion = (await (await fetch(`${base}/badges/${id}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    expect(assertion.evidence.map((e: { id: string }) => e.id).sort()).toEqual([first.id, second.id].map((award: string) => `${base}/badges/${award}`).sort());
    // The learner, as the first step's badge names them (the email is never stored).
    const step = (await (await fetch(`${base}/badges/${first.id}`, { headers: { accept: 'application/ld+json' } })).json()) as Record<string, any>;
    expect(assertion.recipient).toEqual(step.recipient);
    const page = await fetch(`${base}/badges/${id}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Pathway done ${run}`);
  });
});

// A learner's progress along a pathway on the local city, signed in the way a browser does: a provider
// publishes a two-step pathway and awards the learner the first step; the learner's pathway page says
// one of two steps is done and is sent no-store, while the same page for nobody in particular stays
// cacheable and says nothing of anyone; their passport lists the pathway under "Your pathways"; the
// skill's and the badge class's pages link the pathway.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { signInLearner } from '../support/learner-sign-in';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const mailboxUrl = inject('mailboxUrl');

const send = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
};
const newClass = (name: string) => send('POST', '/badge-classes', { name, description: `${name}.`, criteria: { narrative: 'Do it.' }, alignments: [{ skillId: 'enterprise' }] });

describe('a signed-in learner’s progress, on the local city', () => {
  it('the pathway page and the passport show it to them alone; the skill and badge class pages link the pathway', { timeout: 180_000 }, async () => {
    const run = randomBytes(4).toString('hex');
    const [a, b] = await Promise.all([newClass(`Progress one ${run}`), newClass(`Progress two ${run}`)]);
    const name = `Progress test ${run}`;
    const pathway = await send('POST', '/pathways', {
      name,
      description: 'Two steps.',
      skills: ['enterprise'],
      rule: { type: 'group', of: [{ type: 'badge-class', badgeClassId: a.id }, { type: 'badge-class', badgeClassId: b.id }] },
    });
    await send('POST', `/pathways/${pathway.id}/publish`);
    const learner = await signInLearner(base, mailboxUrl, `progress-${run}@example.org`);
    await learner.post('/account/age-band', { ageBand: '16-17' });
    await send('POST', `/badge-classes/${a.id}/awards`, { recipient: { email: learner.email } });

    const mine = await learner.get(`/pathways/${pathway.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect(await mine.text()).toMatch(/<strong>In progress:<\/strong> 1 of 2 steps done/);

    const anyone = await fetch(`${base}/pathways/${pathway.id}`, { headers: { accept: 'text/html' } });
    expect(anyone.headers.get('cache-control')).toBe('public, max-age=60');
    expect(anyone.headers.get('vary')).toMatch(/Cookie/);
    expect(await anyone.text()).not.toContain('Your progress');

    const passport = await learner.get('/passport');
    expect(passport.status).toBe(200);
    const body = await passport.text();
    expect(body).toContain('Your pathways');
    expect(body).toContain(`${name}</a> · 1 of 2 steps done`);

    const skill = await (await fetch(`${base}/skills/enterprise`, { headers: { accept: 'text/html' } })).text();
    expect(skill).toContain(`/pathways/${pathway.id}"`);
    const badgeClass = await (await fetch(`${base}/badge-classes/${b.id}`, { headers: { accept: 'text/html' } })).text();
    expect(badgeClass).toContain(`/pathways/${pathway.id}"`);
  });
});

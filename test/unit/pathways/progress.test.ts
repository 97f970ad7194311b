// A signed-in learner's progress along pathways, over an in-memory city: the pathway page marks their
// steps (holder items under every verified address), says how many of how many and whether the
// milestone is earned, and is then no-store while everyone else's page stays cacheable; a revoked badge
// counts for nothing; the passport lists exactly the pathways they have started, with their progress.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { createBadgeClass } from '../../../functions/badge-classes/service';
import { getBadgeClass } from '../../../functions/data/badge-classes';
import { revokeAward } from '../../../functions/data/awards';
import { createProvider, getProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import type { Award } from '../../../functions/domain/awards';
import { NewPathwaySchema } from '../../../functions/domain/pathways';
import { passportContent } from '../../../functions/passport/sections';
import { handler } from '../../../functions/pathways/handler';
import { createPathway, publish } from '../../../functions/pathways/service';
import { awardOnce } from '../../../functions/services/awarding';
import { startedPathways } from '../../../functions/services/pathway-progress';
import { recipientKey } from '../../../functions/services/recipients';
import { syncSpine } from '../../../functions/spine/service';
import { context, httpEvent } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { passportLearner } from '../../support/passport-learners';
import { pathwayBody } from '../../support/pathway-body';
import { textOf } from '../pages/markup';

new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:manage'], keyPrefix: 'lib' };
const now = () => new Date();
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
type Reply = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string>; body: string };

const badge = async (name: string) => (await createBadgeClass({ name, description: `${name}.`, criteria: { narrative: 'Did it.' }, alignments: [{ skillId: 'coding' }], tags: [] }, library, now())).id;

async function award(badgeClassId: string, email: string): Promise<Award> {
  const badgeClass = (await getBadgeClass(badgeClassId))!;
  const provider = (await getProvider(badgeClass.issuerId))!;
  const outcome = await awardOnce({ badgeClass, provider }, { recipient: { email }, evidence: [] }, await recipientKey(email), { now: now() });
  if (outcome.status !== 'created' || !outcome.award) throw new Error(`not awarded: ${JSON.stringify(outcome)}`);
  return outcome.award;
}

const get = async (path: string, headers: Record<string, string>, cookies?: string[]) => (await handler(httpEvent({ path, headers, ...(cookies ? { cookies } : {}) }), context)) as Reply;

let a: string, b: string, other: string, milestone: string, pathwayId: string, untouched: string;

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  await createProvider({ id: 'central-library', name: 'Central Library', url: 'https://x.example.org', email: 'a@x.example.org' }, now());
  [a, b, other, milestone] = [await badge('Step A'), await badge('Step B'), await badge('Elsewhere'), await badge('Milestone')];
  pathwayId = (await publish((await createPathway(NewPathwaySchema.parse(pathwayBody([a, b], { name: 'Progress pathway', milestoneBadgeClassId: milestone })), library, now())).id, library, now())).id;
  untouched = (await publish((await createPathway(NewPathwaySchema.parse(pathwayBody([other], { name: 'Not started' })), library, now())).id, library, now())).id;
});

describe('the pathway page for a signed-in learner', () => {
  it('marks the steps done under any verified address, counts them, and is no-store; the anonymous page stays cacheable', async () => {
    const learner = await passportLearner({ emails: ['first.progress@example.org', 'second.progress@example.org'] });
    await award(a, 'second.progress@example.org');
    const signedIn = await get(`/pathways/${pathwayId}`, HTML, learner.cookies);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    expect(signedIn.headers.vary).toMatch(/Cookie/);
    expect(textOf(signedIn.body)).toContain('In progress: 1 of 2 steps done');
    expect(textOf(signedIn.body)).toContain('Complete it to earn Milestone');

    const anonymous = await get(`/pathways/${pathwayId}`, HTML);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=60');
    expect(anonymous.headers.vary).toMatch(/Cookie/);
    expect(anonymous.body).not.toContain('Your progress');
    // Machines get the JSON they got before, signed in or not.
    const json = await get(`/pathways/${pathwayId}`, { accept: 'application/json' }, learner.cookies);
    expect(json.headers['cache-control']).toBe('public, max-age=60');
    expect(JSON.parse(json.body)).not.toHaveProperty('holdings');
  });

  it('says complete when the rule is met, and earned once the milestone is held; a revoked badge counts for nothing', async () => {
    const learner = await passportLearner({ emails: ['complete.progress@example.org'] });
    const first = await award(a, 'complete.progress@example.org');
    await award(b, 'complete.progress@example.org');
    expect(textOf((await get(`/pathways/${pathwayId}`, HTML, learner.cookies)).body)).toContain('is on its way to your passport');
    await award(milestone, 'complete.progress@example.org');
    expect(textOf((await get(`/pathways/${pathwayId}`, HTML, learner.cookies)).body)).toContain('You have earned its milestone badge, Milestone');
    await revokeAward(first, 'Issued in error', now());
    expect(textOf((await get(`/pathways/${pathwayId}`, HTML, learner.cookies)).body)).toContain('In progress: 1 of 2 steps done');
  });
});

describe('the passport', () => {
  it('lists exactly the pathways the learner has started, with their progress', async () => {
    const learner = await passportLearner({ emails: ['passport.progress@example.org'] });
    expect(await startedPathways(learner.account.id)).toEqual([]);
    await award(b, 'passport.progress@example.org');
    const started = await startedPathways(learner.account.id);
    expect(started).toEqual([{ id: pathwayId, name: 'Progress pathway', done: 1, steps: 2, met: false, milestoneEarned: false }]);
    expect(started.map((p) => p.id)).not.toContain(untouched);
    const sections = await passportContent({ account: learner.account, sessionHash: 'unit', csrfToken: learner.csrf });
    const section = sections.find((s) => s.id === 'pathways')!;
    expect(section.heading).toBe('Your pathways');
    expect(section.body.markup).toContain(`/pathways/${pathwayId}"`);
    expect(textOf(section.body.markup)).toContain('Progress pathway · 1 of 2 steps done · milestone badge to earn');
  });

  it('shows an invitation when the learner has started none', async () => {
    const learner = await passportLearner({ emails: ['none.progress@example.org'] });
    const section = (await passportContent({ account: learner.account, sessionHash: 'unit', csrfToken: learner.csrf })).find((s) => s.id === 'pathways')!;
    expect(textOf(section.body.markup)).toContain('Once you hold a badge that is a step of one');
  });
});

// The demo city's pathways: three, published, each with a milestone (one into an apprenticeship, one
// Chicago style, one in a required order), a learner part-way along the ordered one; a second run
// adds nothing.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { milestoneRulesFor } from '../../../functions/data/pathways';
import { evaluate, type Holding } from '../../../functions/domain/pathway-rules';
import type { Pathway } from '../../../functions/domain/pathways';
import { listPathways } from '../../../functions/pathways/service';
import { syncSpine } from '../../../functions/spine/service';
import { seedDirectory } from '../../../local/seed-directory';
import { seedPathways } from '../../../local/seed-pathways';
import { FakeAws } from '../../support/fake-aws';

const demo = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');

describe('the demo pathways', () => {
  it('are seeded once, with a learner part-way along one', async () => {
    const aws = new FakeAws();
    await syncSpine(demo.skillsSpine);
    await seedDirectory(demo, 'https://demo.example');
    const first = await seedPathways(demo, 'https://demo.example');
    expect(first.pathways.map((p) => p.name)).toEqual(['Into Engineering', 'City Explorer', 'Green Futures']);
    const listed = (await listPathways(undefined, {})).items;
    expect(listed.map((p) => p.name).sort()).toEqual(['City Explorer', 'Green Futures', 'Into Engineering']);
    expect(listed.every((p) => p.milestoneBadgeClassId)).toBe(true);
    expect(listed.find((p) => p.name === 'Into Engineering')!.destination).toEqual({ kind: 'apprenticeship', name: 'Engineering apprenticeship (level 3)' });

    const stored = (name: string) => aws.getItem(`PATHWAY#${listed.find((p) => p.name === name)!.id}`, 'PATHWAY') as unknown as Pathway;
    expect(stored('City Explorer').published!.rule).toMatchObject({ type: 'group', required: 3, distinct: 'skill-group', window: { withinDays: 365 } });
    const green = stored('Green Futures').published!;
    expect(green.rule).toMatchObject({ type: 'group', order: 'required' });

    // The learner holds the first two steps of Green Futures: part-way, not complete.
    const steps = (green.rule as { of: { badgeClassId?: string }[] }).of;
    const learners: Holding[] = [...aws.items.values()]
      .filter((i) => i.sk === 'AWARD' && JSON.stringify(i.assertion).includes('A step of Green Futures'))
      .map((a) => ({ badgeClassId: a.badgeClassId as string, awardId: a.id as string, issuedOn: a.issuedOn as string, groups: [] }));
    expect(learners.map((h) => h.badgeClassId)).toEqual(expect.arrayContaining([steps[0]!.badgeClassId, steps[1]!.badgeClassId]));
    expect(learners).toHaveLength(2);
    expect(evaluate(green.rule, learners).met).toBe(false);
    expect((await milestoneRulesFor(steps[0]!.badgeClassId!)).map((r) => r.name)).toContain('Green Futures');

    const count = aws.items.size;
    await seedPathways(demo, 'https://demo.example');
    expect(aws.items.size).toBe(count);
  }, 120_000);
});

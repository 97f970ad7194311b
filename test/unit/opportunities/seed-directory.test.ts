// The demo directory: six kinds of provider, 40+ opportunities of every kind with places, badge
// classes linked and awarded; a second run adds nothing; a city with a smaller spine gets only what fits.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCityConfig, type CityConfig } from '../../../definitions/city-config';
import { OPPORTUNITY_KINDS } from '../../../functions/domain/opportunities';
import { syncSpine } from '../../../functions/spine/service';
import { seedDirectory } from '../../../local/seed-directory';
import { FakeAws } from '../../support/fake-aws';

const demo = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
const opportunities = (aws: FakeAws) => [...aws.items.values()].filter((i) => i.sk === 'OPPORTUNITY');

describe('the demo directory', () => {
  it('seeds a living city once', async () => {
    const aws = new FakeAws();
    await syncSpine(demo.skillsSpine);
    const first = await seedDirectory(demo, 'https://demo.example');
    expect(first.providers).toBeGreaterThanOrEqual(6);
    expect(first.opportunities).toBeGreaterThanOrEqual(40);
    const stored = opportunities(aws);
    expect(stored).toHaveLength(first.opportunities);
    expect(new Set(stored.map((o) => o.kind))).toEqual(new Set(OPPORTUNITY_KINDS));
    expect(stored.filter((o) => (o.badgeClassIds as string[]).length > 0).length).toBeGreaterThanOrEqual(8);
    expect(stored.every((o) => (o.place as { mode: string }).mode === 'online' || typeof (o.place as { venue: { latitude: number } }).venue.latitude === 'number')).toBe(true);
    expect([...aws.items.values()].filter((i) => i.sk === 'AWARD').length).toBeGreaterThanOrEqual(5);
    expect(first.links[0]).toEqual({ label: expect.stringContaining('Home page'), url: 'https://demo.example/' });

    const count = aws.items.size;
    await seedDirectory(demo, 'https://demo.example');
    expect(aws.items.size).toBe(count);
  }, 60_000);

  it('uses only the skills and levels of the city’s own spine', async () => {
    const aws = new FakeAws();
    const small: CityConfig = {
      ...demo,
      skillsSpine: { ...demo.skillsSpine, levels: [demo.skillsSpine.levels[0]!], skills: demo.skillsSpine.skills.filter((s) => ['coding', 'teamwork'].includes(s.id)).map((s) => ({ ...s, levels: {} })) },
    };
    await syncSpine(small.skillsSpine);
    const seeded = await seedDirectory(small, 'https://small.example');
    expect(seeded.opportunities).toBeGreaterThan(0);
    for (const o of opportunities(aws)) {
      for (const skill of o.skills as { skillId: string; level?: string }[]) {
        expect(['coding', 'teamwork']).toContain(skill.skillId);
        if (skill.level) expect(skill.level).toBe(demo.skillsSpine.levels[0]!.id);
      }
    }
  }, 60_000);
});

// A year of synthetic but plausible awards over a city's areas, age bands, providers and skills, as the
// attributions the insights consumer would fix for them (functions/domain/insights.ts), month by month up
// to `now`, with repeat learners. Shared by `npm run demo:data` (which counts them into the local city)
// and the insights benchmark (which loads the counters they make). Deterministic: the same arguments
// give the same awards, one at a time (a million need not be held at once).
import type { CityConfig } from '../definitions/city-config';
import { UNKNOWN_AGE, UNKNOWN_AREA, type AgeCell, type AwardAttribution } from '../functions/domain/insights';

/** A small deterministic generator (mulberry32), so that a run can be repeated exactly. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* demoAttributions(config: CityConfig, { awards, learners: learnerCount, now }: { awards: number; learners: number; now: Date }): Generator<AwardAttribution> {
  const rand = random(2026);
  const pick = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = rand() * total;
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items.at(-1)![0];
  };

  // Areas weighted unevenly (the centre and Northfield busy, Foundry Park quiet); a fifth gave no consent.
  const areas = config.insights.areas.map((a, i) => [a.code, [5, 2, 4, 2, 3, 0.6][i % 6]!] as const);
  const areaOf = () => (rand() < 0.2 ? UNKNOWN_AREA : pick(areas));
  const ageOf = (): AgeCell => (rand() < 0.1 ? UNKNOWN_AGE : pick([['under-13', 2], ['13-15', 5], ['16-17', 4], ['18-24', 3], ['25-plus', 1.5]] as const));
  const learners = Array.from({ length: learnerCount }, (_, i) => ({ key: `demo-learner-${i}`, area: areaOf(), age: ageOf() }));

  const providers = [['central-library', 4], ['northfield-youth', 3], ['riverside-college', 3], ['city-museum', 1.5], ['green-streets', 1], ['brightwater', 0.8]] as const;
  const kinds = [['activity', 5], ['course', 3], ['event', 2], ['volunteering', 1.5], ['work-experience', 0.7], ['apprenticeship', 0.3]] as const;
  const spine = config.skillsSpine;
  const skillWeights = spine.skills.map((s) => [s, s.group === 'core' ? 3 : s.group === 'digital' ? 2 : 1] as const);
  const levels = spine.levels.map((l, i) => [l.id, [6, 3, 1][i] ?? 1] as const);

  // A year up to this month, busier in term time (autumn and spring), quiet in August.
  const monthWeights = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1));
    return [d, [1.2, 1.3, 1.4, 1.2, 1.1, 0.9, 0.6, 0.3, 1.3, 1.5, 1.5, 1.0][d.getUTCMonth()]!] as const;
  });

  for (let n = 0; n < awards; n++) {
    // Some learners earn many badges: a fifth of them earn most.
    const learner = learners[rand() < 0.6 ? Math.floor(rand() * (learnerCount / 5)) : Math.floor(rand() * learnerCount)]!;
    const month = pick(monthWeights);
    const day = 1 + Math.floor(rand() * 27);
    const skill = pick(skillWeights);
    const second = rand() < 0.3 ? pick(skillWeights) : undefined;
    const level = rand() < 0.7 ? pick(levels) : undefined;
    yield {
      awardId: `demo${String(n).padStart(8, '0')}`,
      learnerKey: learner.key,
      area: learner.area,
      age: learner.age,
      date: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day)).toISOString().slice(0, 10),
      provider: pick(providers),
      skills: [{ skillId: skill.id, ...(level ? { level } : {}), group: skill.group }, ...(second && second.id !== skill.id ? [{ skillId: second.id, group: second.group }] : [])],
      kind: pick(kinds),
    };
  }
}

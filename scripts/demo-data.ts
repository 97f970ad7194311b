// `npm run demo:data [-- --awards 20000 --learners 4000]`: fills the running local demo city (npm start)
// with a year of synthetic activity so the insights dashboard means something: awards over its areas,
// age bands, providers and skills, month by month up to this one, with repeat learners.
//
// How: not as award items (20,000 real awards would each be signed and baked, and their badge pages
// would be fiction among the demo's real badges), but through the insights consumer's own write path
// (functions/data/insights.ts: addToCounters and countLearner, the same transactions and effect markers
// the consumer makes for an award it counts), from synthetic attributions. So the counters hold
// exactly what the consumer would have counted for these awards, and a second run adds nothing (its
// effect ids are the same: `demo:<n>`). Deterministic: the same arguments give the same figures.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CITY_SECRET_ENV } from '../definitions/city-secret';
import { TABLE_NAME_ENV } from '../definitions/table';
import { loadCityConfig, optionsFromEnv } from '../local/city';
import { runningCity } from '../local/ports';
import { loadLocalSecrets } from '../local/secrets';
import type { AgeCell, AwardAttribution } from '../functions/domain/insights';

const { values } = parseArgs({ options: { awards: { type: 'string', default: '20000' }, learners: { type: 'string', default: '4000' }, city: { type: 'string', default: 'demo' } } });
const AWARDS = Number(values.awards);
const LEARNERS = Number(values.learners);
const CONCURRENCY = 16;

const config = loadCityConfig(values.city!);
const { dataDir } = optionsFromEnv();
const running = runningCity(dataDir, config.id);
const secrets = loadLocalSecrets(join(dataDir, config.id, 'secrets.json'));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
Object.assign(process.env, {
  [TABLE_NAME_ENV]: `city-${config.id}`,
  [CITY_SECRET_ENV]: secrets.citySecret,
  AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${running.dynamoDbPort}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});
// Imported only now: the data modules read the environment set above.
const { addToCounters, countLearner } = await import('../functions/data/insights');
const { awardCounterAdds, learnerCells, UNKNOWN_AGE, UNKNOWN_AREA } = await import('../functions/domain/insights');

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
const learners = Array.from({ length: LEARNERS }, (_, i) => ({ key: `demo-learner-${i}`, area: areaOf(), age: ageOf() }));

const providers = [['central-library', 4], ['northfield-youth', 3], ['riverside-college', 3], ['city-museum', 1.5], ['green-streets', 1], ['brightwater', 0.8]] as const;
const kinds = [['activity', 5], ['course', 3], ['event', 2], ['volunteering', 1.5], ['work-experience', 0.7], ['apprenticeship', 0.3]] as const;
const spine = config.skillsSpine;
const skillWeights = spine.skills.map((s) => [s, s.group === 'core' ? 3 : s.group === 'digital' ? 2 : 1] as const);
const levels = spine.levels.map((l, i) => [l.id, [6, 3, 1][i] ?? 1] as const);

// A year up to this month, busier in term time (autumn and spring), quiet in August.
const now = new Date();
const monthWeights = Array.from({ length: 12 }, (_, i) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1));
  return [d, [1.2, 1.3, 1.4, 1.2, 1.1, 0.9, 0.6, 0.3, 1.3, 1.5, 1.5, 1.0][d.getUTCMonth()]!] as const;
});

const attributions: AwardAttribution[] = Array.from({ length: AWARDS }, (_, n) => {
  // Some learners earn many badges: a fifth of them earn most.
  const learner = learners[rand() < 0.6 ? Math.floor(rand() * (LEARNERS / 5)) : Math.floor(rand() * LEARNERS)]!;
  const month = pick(monthWeights);
  const day = 1 + Math.floor(rand() * 27);
  const skill = pick(skillWeights);
  const second = rand() < 0.3 ? pick(skillWeights) : undefined;
  const level = rand() < 0.7 ? pick(levels) : undefined;
  return {
    awardId: `demo${String(n).padStart(8, '0')}`,
    learnerKey: learner.key,
    area: learner.area,
    age: learner.age,
    date: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day)).toISOString().slice(0, 10),
    provider: pick(providers),
    skills: [{ skillId: skill.id, ...(level ? { level } : {}), group: skill.group }, ...(second && second.id !== skill.id ? [{ skillId: second.id, group: second.group }] : [])],
    kind: pick(kinds),
  };
});

const started = performance.now();
let done = 0;
const at = new Date();
async function worker(): Promise<void> {
  for (;;) {
    const attribution = attributions[done++];
    if (!attribution) return;
    await addToCounters(`demo:${attribution.awardId}:add`, awardCounterAdds(attribution, 1), at);
    await countLearner(`demo:${attribution.awardId}:learner`, attribution.learnerKey, learnerCells(attribution), 1, at);
    if (done % 1000 === 0) console.log(`  ${done} of ${AWARDS} awards counted (${((done / (performance.now() - started)) * 1000).toFixed(0)} a second)`);
  }
}
console.log(`Counting ${AWARDS} synthetic awards of ${LEARNERS} learners into ${config.name} (${running.url}) ...`);
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s. The dashboard: ${running.url}/insights (a city admin's key: npm run admin-key -- --city ${config.id} --local)`);

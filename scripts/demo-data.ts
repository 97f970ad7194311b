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
import { demoAttributions } from '../local/demo-activity';

const { values } = parseArgs({ options: { awards: { type: 'string', default: '20000' }, learners: { type: 'string', default: '4000' }, city: { type: 'string', default: 'demo' } } });
const AWARDS = Number(values.awards);
const LEARNERS = Number(values.learners);
const CONCURRENCY = 16;
/** Progress ten times a run. */
const EVERY = Math.max(100, Math.round(AWARDS / 10));

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
const { awardCounterAdds, learnerCells } = await import('../functions/domain/insights');

const attributions = demoAttributions(config, { awards: AWARDS, learners: LEARNERS, now: new Date() });

const started = performance.now();
let done = 0;
const at = new Date();
async function worker(): Promise<void> {
  for (;;) {
    const { value: attribution, done: finished } = attributions.next();
    if (finished) return;
    // The consumer's two effects of an award, at once (functions/services/insights-counting.ts).
    await Promise.all([
      addToCounters(`demo:${attribution.awardId}:add`, awardCounterAdds(attribution, 1), at),
      countLearner(`demo:${attribution.awardId}:learner`, attribution.learnerKey, learnerCells(attribution), 1, at),
    ]);
    if (++done % EVERY === 0) console.log(`  ${done} of ${AWARDS} awards counted (${((done / (performance.now() - started)) * 1000).toFixed(0)} a second)`);
  }
}
console.log(`Counting ${AWARDS} synthetic awards of ${LEARNERS} learners into ${config.name} (${running.url}) ...`);
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s. The dashboard: ${running.url}/insights (a city admin's key: npm run admin-key -- --city ${config.id} --local)`);

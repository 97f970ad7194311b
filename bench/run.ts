// `npm run bench`: every figure beside its target. Measures; never fails the build. A benchmark that
// throws (e.g. a request timing out on a loaded machine) is reported as missed and the others still run.
import './log-level';
import { benchAwards } from './awards';
import { benchBake } from './bake';
import { benchBundles } from './bundles';
import { benchImports } from './imports';
import { benchInsights } from './insights';
import { benchPathwayPage } from './pathway-page';
import { benchMilestones } from './milestones';
import { agent } from './http';
import { benchProviderApi } from './provider-api';
import { benchSearch } from './search';
import { benchSign } from './sign';
import { benchSkillLatency } from './skill-latency';
import { report } from './stats';

const benches: [string, () => Promise<boolean>][] = [
  ['bundles', benchBundles],
  ['skill latency', benchSkillLatency],
  ['bake', benchBake],
  ['sign', benchSign],
  ['awards', benchAwards],
  ['provider API', benchProviderApi],
  ['imports', benchImports],
  ['pathways', benchPathwayPage],
  ['search', benchSearch],
  ['milestones', benchMilestones],
  ['insights', benchInsights],
];
const only = process.env.BENCH?.split(',');

console.log('Benchmarks (2-core machine; figures vary run to run)\n');
const results: boolean[] = [];
for (const [name, bench] of benches) {
  if (only && !only.includes(name)) continue;
  results.push(await bench().catch((error: Error) => report(`${name}: did not finish`, 'failed', error.message.slice(0, 200), false)));
}
agent.destroy();
console.log(results.every(Boolean) ? '\nAll targets met.' : '\nSome targets missed: see MISSED lines above.');

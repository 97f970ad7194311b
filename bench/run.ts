// `npm run bench`: every figure beside its target. Measures; never fails the build.
import { benchAwards } from './awards';
import { benchBake } from './bake';
import { benchBundles } from './bundles';
import { benchImports } from './imports';
import { agent } from './http';
import { benchProviderApi } from './provider-api';
import { benchSign } from './sign';
import { benchSkillLatency } from './skill-latency';

console.log('Benchmarks (2-core machine; figures vary run to run)\n');
const results = [
  await benchBundles(),
  await benchSkillLatency(),
  await benchBake(),
  await benchSign(),
  await benchAwards(),
  await benchProviderApi(),
  await benchImports(),
];
agent.destroy();
console.log(results.every(Boolean) ? '\nAll targets met.' : '\nSome targets missed: see MISSED lines above.');

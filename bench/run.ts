// `npm run bench`: every figure beside its target. Measures; never fails the build. A benchmark that
// throws (e.g. a request timing out on a loaded machine) is reported as missed and the others still run.
import './log-level';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { agent } from './http';
import { report } from './stats';

// Loaded only by the process that runs the bench (see below), so no other bench's modules are in it.
const benches: [string, () => Promise<boolean>][] = [
  ['bundles', async () => (await import('./bundles')).benchBundles()],
  ['skill latency', async () => (await import('./skill-latency')).benchSkillLatency()],
  ['bake', async () => (await import('./bake')).benchBake()],
  ['sign', async () => (await import('./sign')).benchSign()],
  ['awards', async () => (await import('./awards')).benchAwards()],
  ['provider API', async () => (await import('./provider-api')).benchProviderApi()],
  ['imports', async () => (await import('./imports')).benchImports()],
  ['pathways', async () => (await import('./pathway-page')).benchPathwayPage()],
  ['search', async () => (await import('./search')).benchSearch()],
  ['milestones', async () => (await import('./milestones')).benchMilestones()],
  ['insights', async () => (await import('./insights')).benchInsights()],
];

/** One bench in this process: 0 when every target it measures is met, 3 when one is missed. */
async function runOne([name, bench]: (typeof benches)[number]): Promise<number> {
  const met = await bench().catch((error: Error) => report(`${name}: did not finish`, 'failed', error.message.slice(0, 200), false));
  agent.destroy();
  return met ? 0 : 3;
}

// Each bench runs in a process of its own, as each function has a container of its own: the function
// modules a bench loads in process read their settings once, when they load (the table's endpoint, the
// city's secret), so in one process the first bench to load a module fixed it for the benches after it
// (whose cities listen elsewhere and hold other secrets).
const child = process.env.BENCH_CHILD;
if (child) {
  process.exitCode = await runOne(benches.find(([name]) => name === child)!);
} else {
  const only = process.env.BENCH?.split(',');
  const chosen = benches.filter(([name]) => !only || only.includes(name));
  console.log('Benchmarks (2-core machine; figures vary run to run)\n');
  const results: boolean[] = [];
  for (const [name] of chosen) {
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_CHILD: name }, stdio: 'inherit' }).once('exit', resolve);
    });
    if (code !== 0 && code !== 3) report(`${name}: did not finish`, 'failed', `its process exited with ${code}`, false);
    results.push(code === 0);
  }
  console.log(results.every(Boolean) ? '\nAll targets met.' : '\nSome targets missed: see MISSED lines above.');
}

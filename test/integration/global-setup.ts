// Starts one local city (DynamoDB Local + s3rver + the route table) for the integration tier, in a
// fresh data folder, and stops it with Ctrl-C afterwards.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { runCityProcess, tempDataDir } from '../../local/child-process';

declare module 'vitest' {
  export interface ProvidedContext {
    cityUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = tempDataDir();
  const city = await runCityProcess({ dataDir });
  project.provide('cityUrl', city.url);
  return async () => {
    const code = await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`The local city did not stop cleanly (exit ${code}):\n${city.output()}`);
  };
}

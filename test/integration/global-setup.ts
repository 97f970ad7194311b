// Starts one local city (DynamoDB Local + s3rver + the route table) for the integration tier, in a
// fresh data folder, and stops it with Ctrl-C afterwards.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { runCityProcess, tempDataDir } from '../../local/child-process';

declare module 'vitest' {
  export interface ProvidedContext {
    cityUrl: string;
    /** The keys `npm start` prints: the city admin's and the demo provider's. */
    adminKey: string;
    providerKey: string;
    /** The city's data folder (LOCAL_DATA_DIR), where it records its ports for the --local commands. */
    dataDir: string;
    /** The local mailbox (aws-ses-v2-local): test/support/mailbox.ts reads it. */
    mailboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = tempDataDir();
  // The learner purge every 2 seconds (an hour by default), so a test sees the city's own schedule delete an account.
  const city = await runCityProcess({ dataDir, env: { LEARNER_PURGE_SECONDS: '2' } });
  project.provide('cityUrl', city.url);
  project.provide('dataDir', dataDir);
  project.provide('mailboxUrl', city.mailboxUrl);
  const printedKey = (label: string) => {
    const key = new RegExp(`^\\s+${label}\\s+(col_\\S+)$`, 'm').exec(city.output())?.[1];
    if (!key) throw new Error(`npm start printed no ${label} key:\n${city.output()}`);
    return key;
  };
  project.provide('adminKey', printedKey('City admin'));
  project.provide('providerKey', printedKey('Provider central-library'));
  return async () => {
    const code = await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`The local city did not stop cleanly (exit ${code}):\n${city.output()}`);
  };
}

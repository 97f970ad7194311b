// Where a running local city listens, recorded in <data dir>/<city>/ports.json while it runs, so that
// the commands that talk to it (`npm run admin-key -- --local`, `npm run import -- --local`) find it on
// whatever ports it was started with (PORT, DYNAMODB_PORT, … in README's local settings).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { LocalCityError } from './services';

const port = z.number().check(z.int(), z.minimum(1), z.maximum(65535));
const RunningCitySchema = z.object({ url: z.string(), port, dynamoDbPort: port, s3Port: port, sqsPort: port, mailPort: z.optional(port), signInPort: z.optional(port), mailboxUrl: z.optional(z.string()), pid: z.number() });
export type RunningCity = z.infer<typeof RunningCitySchema>;

export const portsFile = (dataDir: string, cityId: string) => join(dataDir, cityId, 'ports.json');

export function recordPorts(dataDir: string, cityId: string, running: RunningCity): () => void {
  const file = portsFile(dataDir, cityId);
  writeFileSync(file, `${JSON.stringify(running, null, 2)}\n`);
  return () => rmSync(file, { force: true });
}

/** The running city's ports; a clear error (never a stack trace) when none is running. */
export function runningCity(dataDir: string, cityId: string): RunningCity {
  const file = portsFile(dataDir, cityId);
  const notRunning = `The local city "${cityId}" is not running (no ${file}): start it with CITY=${cityId} npm start` +
    (dataDir.endsWith('/.local') ? '' : ` (and LOCAL_DATA_DIR=${dataDir})`);
  if (!existsSync(file)) throw new LocalCityError(notRunning);
  const recorded = RunningCitySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!recorded.success) throw new LocalCityError(`${file} is not a ports record; delete it and start the city again`);
  if (!isAlive(recorded.data.pid)) throw new LocalCityError(notRunning.replace('(no ', '(a stale '));
  return recorded.data;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

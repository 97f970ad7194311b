// A newcomer's first steps: `npm run city:new -- <id> "<Name>"`, then `CITY=<id> npm start`. The new
// city starts clean, seeded only with what fits its starter spine, and says nothing alarming.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';
import { runScript, STACK_FRAME } from '../support/run-script';

const citiesDir = mkdtempSync(join(tmpdir(), 'cities-'));
const dataDir = tempDataDir();
const id = `newtown-${Date.now().toString(36)}`;
let city: CityProcess;
let created: Awaited<ReturnType<typeof runScript>>;

beforeAll(async () => {
  created = await runScript('scripts/city-new.ts', [id, 'Newtown City of Learning'], { CITIES_DIR: citiesDir });
  city = await runCityProcess({ dataDir, env: { CITY: id, CITIES_DIR: citiesDir } });
}, 90_000);

afterAll(async () => {
  await city?.stop();
  rmSync(citiesDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a new city from city:new', () => {
  it('is written where asked, with the next steps printed', () => {
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`CITY=${id} npm start`);
  });

  it('starts and answers, with no stack trace', async () => {
    const health = (await (await fetch(`${city.url}/health`)).json()) as { status: string; city: string };
    expect(health).toMatchObject({ status: 'ok', city: id });
    expect(city.output()).toContain('is running at');
    expect(city.output()).not.toMatch(STACK_FRAME);
  });

  it('is seeded with its own spine and no demo badge that needs skills it lacks', async () => {
    const spine = (await (await fetch(`${city.url}/skills`)).json()) as { skills: { skillId: string }[] };
    expect(spine.skills.map((s) => s.skillId)).toEqual(['communication', 'teamwork', 'digital-literacy']);
    const catalogue = (await (await fetch(`${city.url}/issuers/central-library/badge-classes`)).json()) as { items: unknown[] };
    expect(catalogue.items).toEqual([]);
    expect(city.output()).toMatch(/City admin\s+col_/);
    expect(city.output()).not.toContain('An awarded badge');
  });

  it('starts again over its own data', async () => {
    expect(await city.stop()).toBe(0);
    city = await runCityProcess({ dataDir, env: { CITY: id, CITIES_DIR: citiesDir } });
    expect((await fetch(`${city.url}/health`)).ok).toBe(true);
    expect(city.output()).not.toMatch(STACK_FRAME);
  }, 90_000);
});

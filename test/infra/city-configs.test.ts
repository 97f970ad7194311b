// Loading the cities/ folder, the CDK app's answer to a bad config, and `npm run city:new`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityConfigError } from '../../definitions/city-config';
import { loadCityConfigs } from '../../lib/city-configs';
import { writeNewCity } from '../../scripts/city-new';
import { demoJson } from './synth';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cities-'));

/** A folder holding one file, `<name>.json`, with `content` (an object is written as JSON). */
function citiesDirWith(name: string, content: unknown): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return { dir, file };
}

function loadError(dir: string): CityConfigError {
  try {
    loadCityConfigs(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(CityConfigError);
    return error as CityConfigError;
  }
  throw new Error('expected the folder to be rejected');
}

const withoutSpine = () => {
  const { skillsSpine: _unused, ...config } = demoJson();
  return config;
};
const duplicateSkill = () => {
  const config = demoJson();
  config.skillsSpine.skills[1].id = config.skillsSpine.skills[0].id;
  return config;
};
const badColour = () => {
  const config = demoJson();
  config.branding.primaryColour = 'navy';
  return config;
};

describe('loading city configs', () => {
  it('loads the repository cities, the demo among them', () => {
    expect(loadCityConfigs().map((config) => config.id)).toContain('demo');
  });

  it.each([
    ['a missing skills spine', withoutSpine(), /^ {2}- skillsSpine: /m],
    ['a duplicate skill id', duplicateSkill(), /^ {2}- skillsSpine\.skills\[1\]\.id: duplicate id "communication"$/m],
    ['a production city that destroys its data', { ...demoJson(), stage: 'production' }, /^ {2}- dataRetention: "destroy" is allowed only for dev cities/m],
    ['a bad colour', badColour(), /^ {2}- branding\.primaryColour: must be a colour like #1a2b3c$/m],
  ])('rejects %s, naming the file and the field', (_case, config, problem) => {
    const { dir, file } = citiesDirWith('demo', config);
    const error = loadError(dir);
    expect(error.message).toContain(`Invalid city config ${file}:`);
    expect(error.message).toMatch(problem);
  });

  it('rejects a file that is not JSON, naming it', () => {
    const { dir, file } = citiesDirWith('demo', '{ "id": "demo", ');
    expect(loadError(dir).message).toMatch(new RegExp(`^Invalid city config ${file}:\\n {2}- \\(file\\): not valid JSON`));
  });

  it('rejects a file whose name is not its id', () => {
    const { dir } = citiesDirWith('plymouth', demoJson());
    expect(loadError(dir).problems).toEqual([expect.stringMatching(/^id: "demo" must match the file name: rename the file to demo\.json/)]);
  });

  it('ignores files that are not .json', () => {
    const { dir } = citiesDirWith('demo', demoJson());
    writeFileSync(join(dir, 'README.md'), '# not a city');
    expect(loadCityConfigs(dir).map((config) => config.id)).toEqual(['demo']);
  });
});

describe('the CDK app (bin/cities.ts)', () => {
  // Runs the app as the CDK CLI does; a config error stops it before anything is synthesised.
  function runApp(context: Record<string, string>) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/cities.ts'], {
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: tempDir() },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('fails on a folder with a bad config: the file and field, and no stack trace', () => {
    const { dir, file } = citiesDirWith('demo', badColour());
    const { status, output } = runApp({ citiesDir: dir });
    expect(status).toBe(1);
    expect(output.trim()).toBe(`Invalid city config ${file}:\n  - branding.primaryColour: must be a colour like #1a2b3c`);
  });

  it('fails when -c city names no city, listing the known ones', () => {
    const { status, output } = runApp({ city: 'atlantis' });
    expect(status).toBe(1);
    expect(output).toMatch(/city: no config for "atlantis"; known cities: .*demo/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('npm run city:new', () => {
  it('writes a dev city that loads as it is, under its id', () => {
    const dir = tempDir();
    writeNewCity('plymouth', 'Plymouth City of Learning', dir);
    const [config] = loadCityConfigs(dir);
    expect(config).toMatchObject({ id: 'plymouth', name: 'Plymouth City of Learning', stage: 'dev', dataRetention: 'destroy' });
    expect(config!.skillsSpine.skills.length).toBeGreaterThanOrEqual(3);
  });

  it('never overwrites a city', () => {
    const dir = tempDir();
    writeNewCity('plymouth', 'Plymouth City of Learning', dir);
    const before = readFileSync(join(dir, 'plymouth.json'), 'utf8');
    expect(() => writeNewCity('plymouth', 'Another Plymouth', dir)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(join(dir, 'plymouth.json'), 'utf8')).toBe(before);
  });

  it('refuses an id that is not a slug, before writing anything', () => {
    const dir = tempDir();
    expect(() => writeNewCity('../Plymouth', 'Plymouth', dir)).toThrow(/id: must be a lowercase slug/);
    expect(loadCityConfigs(dir)).toEqual([]);
  });
});

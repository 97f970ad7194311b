// npm run city:new -- <id> "<City name>"
// Writes cities/<id>.json: a dev city (its data is destroyed with its stack) with default branding and
// a small starter skills spine, validated exactly as synth will validate it. Never overwrites a file.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CityConfigError, parseCityConfig, type CityConfigInput } from '../definitions/city-config';
import { defaultCitiesDir } from '../lib/city-configs';
import { citiesDir } from '../local/city';
import { cityStackId } from '../lib/city-stack-id';

/** A new city's config: everything a city must change is a placeholder worth replacing. */
export function newCityConfig(id: string, name: string): CityConfigInput {
  return {
    id,
    name,
    stage: 'dev',
    dataRetention: 'destroy',
    branding: {
      displayName: name,
      tagline: 'Learning happens everywhere here. Show what you can do.',
      primaryColour: '#1b4f72',
      secondaryColour: '#f39c12',
    },
    api: { rateLimit: 50, burstLimit: 100, writeRateLimit: 10, writeBurstLimit: 20 },
    skillsSpine: {
      name: `${name} Skills Spine`,
      version: '0.1',
      description: 'A starter spine: replace it with the skills your city agreed to recognise.',
      levels: [
        { id: 'explorer', name: 'Explorer', description: 'Has tried the skill with support and can say what it involves.' },
        { id: 'builder', name: 'Builder', description: 'Uses the skill independently in familiar settings.' },
        { id: 'leader', name: 'Leader', description: 'Uses the skill in new settings and helps others develop it.' },
      ],
      groups: [
        { id: 'core', name: 'Core skills', description: 'Skills every learner uses in education, work and community life.' },
        { id: 'digital', name: 'Digital skills', description: 'Using, making and staying safe with digital technology.' },
      ],
      skills: [
        {
          id: 'communication',
          group: 'core',
          name: 'Communication',
          description: 'Shares ideas clearly by speaking, writing and listening, adapting to the audience.',
          keywords: ['speaking', 'listening', 'writing'],
          levels: {
            explorer: 'Speaks and listens in a small group and takes turns.',
            builder: 'Presents an idea to an unfamiliar audience and answers questions.',
            leader: 'Leads discussions and helps others get their point across.',
          },
        },
        {
          id: 'teamwork',
          group: 'core',
          name: 'Teamwork',
          description: 'Works with others towards a shared goal, playing a fair part and supporting the team.',
          keywords: ['collaboration'],
        },
        {
          id: 'digital-literacy',
          group: 'digital',
          name: 'Digital literacy',
          description: 'Finds, judges and uses information and tools online with confidence.',
          keywords: ['online research'],
        },
      ],
    },
  };
}

/** Validates and writes `<dir>/<id>.json`; throws CityConfigError for a bad id or name, EEXIST if the file exists. */
export function writeNewCity(id: string, name: string, dir: string = defaultCitiesDir): string {
  const config = newCityConfig(id, name);
  // Validate before touching the disk: an id like "../x" never becomes a path.
  parseCityConfig(config, `cities/${id}.json`);
  const file = join(dir, `${id}.json`);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
  return file;
}

const USAGE = `Usage: npm run city:new -- <id> "<City name>"   e.g. npm run city:new -- plymouth "Plymouth City of Learning"
  Writes cities/<id>.json (or <CITIES_DIR>/<id>.json), never overwriting a file.`;

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const [id, name, ...extra] = args;
  if (!id || !name || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    writeNewCity(id, name, citiesDir());
  } catch (error) {
    if (error instanceof CityConfigError) {
      console.error(error.message);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      console.error(`cities/${id}.json already exists; not overwriting it. Edit it, or pick another id.`);
      return 1;
    }
    throw error;
  }
  console.log(`Created cities/${id}.json: a dev city whose data is deleted with its stack.

Next:
  1. Edit cities/${id}.json: branding (display name, colours, logoUrl) and the skills spine (levels,
     groups, skills). Optionally aws.account / aws.region, and customDomain (domainName and an ACM
     certificateArn in us-east-1). For a production city set "stage": "production" and
     "dataRetention": "retain".
  2. Run it on this machine:  CITY=${id} npm start
  3. Check it:                CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth -c city=${id}
  4. Deploy it:               CDK_DISABLE_CLI_TELEMETRY=true npx cdk deploy -c city=${id} ${cityStackId({ id })}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}

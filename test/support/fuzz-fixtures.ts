// What the hostile-input property tests start from, for both tiers: real ids, keys and one valid body
// (or image) per route, which the generators mutate. A route without an entry here still gets random
// bodies, paths, queries and headers: the route table drives the tests, this only lets them go deeper.
import { PNG } from 'pngjs';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { routeKey, routes, type Route } from '../../definitions/routes';
import { CALLERS, type Caller, type FuzzFixtures } from './hostile';
import { opportunityBody } from './opportunity-body';
import { pathwayBody } from './pathway-body';

export interface FuzzCity {
  baseUrl: string;
  adminKey: string;
  providerKey: string;
  /** The demo provider's id. */
  providerId: string;
  /** A key the tests may revoke (never the admin's or the provider's). */
  victimPrefix: string;
  badgeClassId: string;
  awardId: string;
  /** A published opportunity of the demo provider. */
  opportunityId: string;
  /** A published pathway of the demo provider. */
  pathwayId: string;
  /** The award's signed OB 3.0 credential and its OB 2.0 assertion, as served. */
  credential: unknown;
  assertion: unknown;
  /** The award's baked image. */
  awardImage: Buffer;
}

/** A small valid PNG (8×8, fixed pixels). */
export function smallPng(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  png.data = Buffer.from(Array.from({ length: 8 * 8 * 4 }, (_, i) => (i * 37) & 0xff));
  return PNG.sync.write(png);
}

export function fuzzFixtures(city: FuzzCity): FuzzFixtures {
  const award = { recipient: { email: 'fuzz.learner@example.org' }, evidence: [{ url: 'https://example.org/work', name: 'Work', narrative: 'Did it.' }], narrative: 'Well done.', issuedOn: '2026-01-01T00:00:00Z' };
  const profile = { name: 'Fuzz Club', url: 'https://fuzz.example.org', email: 'hello@fuzz.example.org', description: 'Fuzzing.', imageUrl: 'https://fuzz.example.org/logo.png' };
  const badgeClass = {
    name: 'Fuzz badge',
    description: 'Survived the fuzzer.',
    criteria: { narrative: 'Send odd requests.', url: 'https://fuzz.example.org/criteria' },
    alignments: [{ skillId: 'coding', level: 'explorer' }, { skillId: 'problem-solving' }],
    tags: ['fuzz'],
    expiresAfterDays: 30,
  };
  const images = [
    { contentType: 'image/png', body: smallPng() },
    { contentType: 'image/svg+xml', body: Buffer.from(renderDefaultBadgeSvg({ name: 'Fuzz', primaryColour: '#123456', secondaryColour: '#abcdef' })) },
  ];
  return {
    keys: { admin: city.adminKey, provider: city.providerKey },
    ids: {
      issuerId: [city.providerId, 'nobody-here-at-all'],
      badgeClassId: [city.badgeClassId, 'aaaaaaaaaaaaaaaa'],
      version: ['1', '2', '999999'],
      awardId: [city.awardId, 'aaaaaaaaaaaaaaaaaaaaaaaaaa'],
      skillId: ['coding', 'no-such-skill'],
      prefix: [city.victimPrefix, 'aaaaaaaaaaaa'],
      opportunityId: [city.opportunityId, 'aaaaaaaaaaaaaaaa'],
      pathwayId: [city.pathwayId, 'aaaaaaaaaaaaaaaa'],
      claimSetId: ['aaaaaaaaaaaaaaaa'],
      code: ['a'.repeat(26)],
    },
    bodies: {
      'POST /issuers': [{ id: 'fuzz-club', ...profile }],
      'PATCH /issuers/{issuerId}': [profile, { description: 'Changed.' }],
      'POST /badge-classes': [{ ...badgeClass, issuerId: city.providerId }, badgeClass],
      'PATCH /badge-classes/{badgeClassId}': [badgeClass, { name: 'Renamed' }],
      'POST /badge-classes/{badgeClassId}/awards': [award, { recipient: { email: 'a@example.org' } }],
      'POST /badge-classes/{badgeClassId}/awards:batch': [{ recipients: [award, { recipient: { email: 'b@example.org' } }, { recipient: { email: 'not an email' } }] }],
      'POST /awards/{awardId}/revoke': [{ reason: 'Issued by mistake.' }],
      'POST /verify': [
        { credential: city.credential },
        { credential: JSON.stringify(city.credential), email: 'demo.learner@example.org' },
        { assertion: city.assertion, email: 'demo.learner@example.org' },
        { image: city.awardImage.toString('base64') },
        { url: `${city.baseUrl}/badges/${city.awardId}` },
      ],
      'POST /opportunities': [
        opportunityBody({ badgeClassIds: [city.badgeClassId], capacity: { places: 12, placesLeft: 3 }, cost: { type: 'paid', price: 4.5, currency: 'GBP', concessions: 'Free with a Leisure Card' } }),
        opportunityBody({ providerId: city.providerId, kind: 'job', place: { mode: 'online', onlineUrl: 'https://fuzz.example.org/meet' }, schedule: { type: 'open', from: '2026-06-01', until: '2029-01-01', hours: 'Flexible' }, takePart: { email: 'jobs@fuzz.example.org' } }),
        opportunityBody({ schedule: { type: 'recurring', frequency: 'weekly', days: ['MO', 'WE'], startTime: '17:00', endTime: '18:30', startDate: '2026-01-05', endDate: '2028-12-31', timezone: 'Europe/London', exceptions: ['2026-12-28'] } }),
      ],
      'PATCH /opportunities/{opportunityId}': [{ title: 'Renamed', status: 'full' }, { skills: [{ skillId: 'teamwork', level: 'builder' }], ageRange: { min: 16 } }],
      'POST /pathways': [
        pathwayBody([city.badgeClassId], { destination: { type: 'url', url: 'https://fuzz.example.org/jobs', name: 'Jobs', kind: 'job' } }),
        pathwayBody([], { providerId: city.providerId, rule: { type: 'group', required: 1, window: { withinDays: 30 }, of: [{ type: 'badge-class', badgeClassId: city.badgeClassId }, { type: 'opportunity', opportunityId: city.opportunityId }] } }),
      ],
      'PATCH /pathways/{pathwayId}': [{ description: 'Changed.' }, { skills: ['teamwork'], rule: { type: 'group', order: 'required', of: [{ type: 'badge-class', badgeClassId: city.badgeClassId }] } }],
      'POST /badge-classes/{badgeClassId}/claim-codes': [
        { kind: 'list', count: 3, label: 'Fuzz open day' },
        { kind: 'shared', limit: 20, label: 'Fuzz open day', validUntil: '2099-01-01T00:00:00Z', forGuardians: true },
      ],
      'POST /issuers/{issuerId}/api-keys': [{ label: 'Fuzz key', scopes: ['badges:issue', 'profile:write'], validUntil: '2099-01-01T00:00:00Z' }],
    },
    rawBodies: {
      'PUT /badge-classes/{badgeClassId}/image': images,
      // The same cleaning as badge images.
      'PUT /opportunities/{opportunityId}/image': images,
      'PUT /labour-market/demand': [{ contentType: 'text/csv', body: Buffer.from('skill,area,period,demand,source\ncoding,DEMO-CEN,2026-Q1,12,Fuzz\nteamwork,DEMO-RIV,2026-01,3,Fuzz\n') }],
    },
  };
}

/**
 * Every route with every caller, in an order where routes that end things (archive, revoke, cancel) come last,
 * so that they do not close the paths the others would explore.
 */
export function routeCallerPairs(): { route: Route; caller: Caller; name: string }[] {
  const ordered = [...(routes as readonly Route[])].sort((a, b) => Number(/archive|revoke|cancel/.test(a.path)) - Number(/archive|revoke|cancel/.test(b.path)));
  return ordered.flatMap((route) => CALLERS.map((caller) => ({ route, caller, name: `${routeKey(route)} as ${caller}` })));
}

/** The base seed (FUZZ_SEED overrides it) and the number of runs per route and caller (FUZZ_RUNS). */
export function fuzzSettings(defaultRuns: number): { seed: number; runs: number } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_129;
  const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : defaultRuns;
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) throw new Error('FUZZ_SEED and FUZZ_RUNS must be integers');
  return { seed, runs };
}

/** A stored item as one line of text, keys sorted at every level (so equal items read the same). */
export function canonicalJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' && !(v instanceof Uint8Array) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted(value));
}

/** Lines of `after` not in `before` and the reverse, for a readable "this was written" message. */
export function snapshotDiff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
  return [...[...b].filter((l) => !a.has(l)).map((l) => `+ ${cut(l)}`), ...[...a].filter((l) => !b.has(l)).map((l) => `- ${cut(l)}`)].join('\n');
}

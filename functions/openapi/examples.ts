// Examples for the API reference: one example request per route, written here (the typecheck wants
// one for every route of the table, and test/unit/openapi-examples.test.ts parses each with its
// route's contract), and an example answer made from the route's response schema by `sampleOf`, so
// it cannot say anything the schema does not allow (the same test parses it with the contract).
import type { RouteKey } from '../../definitions/routes';
import type { JsonSchema } from './json-schema';
import { COMPONENT_SCHEMAS } from './json-schema';

export interface RequestExample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body of bytes: which kind, and the file of docs/examples/ that the example sends. */
  rawBody?: { contentType: string; file: string };
}

const PROVIDER = { issuerId: 'central-library' };
const BADGE_CLASS = { badgeClassId: 'k7qzm3xwd2pbn4ra' };
const VERSION = { ...BADGE_CLASS, version: '2' };
const AWARD = { awardId: 'b5tq2xk7mzn3wp4rdc6yhv2ja7' };
const IMPORT = { importId: 'j4mw7q2xbz5kn3tr6pda' };
const OPPORTUNITY = { opportunityId: 'q3nd7kx2vm5bt4ra' };
const PATHWAY = { pathwayId: 'p6wz3mk2xt7dn4qa' };
const PAGE = { limit: '20' };
/** What the unsubscribe link of a badge email carries: a recipient key and a provider, signed. */
/** What the add-to-passport link of a badge email carries: 256 random bits. */
const PASSPORT_TOKEN = 'vN3q8Zk1xR7mT2pL9sD4fG6hJ0wY5cB8eA3uK1iO7nM';
const UNSUBSCRIBE_TOKEN = 'WyIwZjNhOWMiLCJjZW50cmFsLWxpYnJhcnkiXQ.Hc1Zk2rQm9Vx8pL4tN6wYb3sD0fG7jK5aE2uR1iO9cM';
const CLAIM_SET = { claimSetId: 'm4xk7q2wzb3dn5pa' };
const LEARNER_FORM = { contentType: 'application/x-www-form-urlencoded', file: 'learner-form.form' };
const CLAIM_CODE = { code: 'k7qzm3xwd2pbn4rah5tq2xk7mz' };
const LEARNER = { recipient: { email: 'learner@example.org', name: 'Sam Learner' } };

export const requestExamples: Record<RouteKey, RequestExample> = {
  'GET /health': {},
  'GET /city': {},
  'GET /skills': { query: { group: 'digital' } },
  'GET /skills/{skillId}': { params: { skillId: 'coding' } },
  'POST /issuers': {
    body: { id: 'youth-club', name: 'Northside Youth Club', url: 'https://youthclub.example.org', email: 'hello@youthclub.example.org', description: 'Friday-night coding and music' },
  },
  'GET /issuers/{issuerId}': { params: PROVIDER },
  'GET /issuers/{issuerId}/profile': { params: PROVIDER },
  'PATCH /issuers/{issuerId}': { params: PROVIDER, body: { description: 'Coding clubs, maker days and digital skills sessions for all ages.' } },
  'POST /badge-classes': {
    body: {
      name: 'Code Club: First Steps',
      description: 'Built and shared a first program.',
      criteria: { narrative: 'Four sessions and one program.' },
      alignments: [{ skillId: 'coding', level: 'explorer' }, { skillId: 'problem-solving' }],
      tags: ['coding'],
    },
  },
  'GET /badge-classes/{badgeClassId}': { params: BADGE_CLASS },
  'PATCH /badge-classes/{badgeClassId}': { params: BADGE_CLASS, body: { description: 'Built and shared a first program at the library Code Club.' } },
  'PUT /badge-classes/{badgeClassId}/image': { params: BADGE_CLASS, rawBody: { contentType: 'image/png', file: 'badge.png' } },
  'POST /badge-classes/{badgeClassId}/archive': { params: BADGE_CLASS },
  'GET /badge-classes/{badgeClassId}/versions/{version}': { params: VERSION },
  'GET /badge-classes/{badgeClassId}/versions/{version}/image': { params: VERSION },
  'GET /issuers/{issuerId}/badge-classes': { params: PROVIDER, query: PAGE },
  'POST /badge-classes/{badgeClassId}/awards': {
    params: BADGE_CLASS,
    body: { ...LEARNER, evidence: [{ url: 'https://example.org/maze-game', name: 'A maze game in Scratch' }], narrative: 'Built a maze game.' },
  },
  'POST /badge-classes/{badgeClassId}/awards:batch': {
    params: BADGE_CLASS,
    body: { recipients: [{ recipient: { email: 'sam@example.org' } }, { recipient: { email: 'ana@example.org' }, issuedOn: '2026-03-01' }] },
  },
  'POST /awards/{awardId}/revoke': { params: AWARD, body: { reason: 'Awarded to the wrong learner' } },
  'GET /badge-classes/{badgeClassId}/awards': { params: BADGE_CLASS, query: PAGE },
  'GET /issuers/{issuerId}/awards': { params: PROVIDER, query: PAGE },
  'POST /badge-classes/{badgeClassId}/imports': { params: BADGE_CLASS, rawBody: { contentType: 'text/csv', file: 'club.csv' } },
  'GET /imports/{importId}': { params: IMPORT },
  'GET /imports/{importId}/errors': { params: IMPORT },
  'GET /badges/{awardId}': { params: AWARD },
  'GET /badges/{awardId}/credential': { params: AWARD },
  'GET /badges/{awardId}/image': { params: AWARD },
  'GET /badges/{awardId}/share-image': { params: AWARD },
  'GET /status-lists/{issuerId}': { params: PROVIDER },
  'GET /openapi.json': {},
  'GET /docs': {},
  'GET /verify': {},
  'POST /verify': { body: { url: 'https://city.example.org/badges/b5tq2xk7mzn3wp4rdc6yhv2ja7', email: 'learner@example.org' } },
  'POST /issuers/{issuerId}/api-keys': { params: PROVIDER, body: { label: 'Club laptop', scopes: ['badges:issue', 'badges:manage', 'profile:write'] } },
  'POST /api-keys/{prefix}/revoke': { params: { prefix: 'h3kq7zxm2bdp' } },
  'GET /audit': { query: { month: '2026-11', limit: '20' } },
  'POST /opportunities': {
    body: {
      title: 'Code Club',
      description: 'Make games and animations in Scratch, then Python.',
      kind: 'activity',
      skills: [{ skillId: 'coding', level: 'explorer' }],
      badgeClassIds: [BADGE_CLASS.badgeClassId],
      ageRange: { min: 9, max: 13 },
      cost: { type: 'free' },
      schedule: { type: 'recurring', frequency: 'weekly', days: ['TU'], startTime: '16:30', endTime: '18:00', startDate: '2026-09-01', endDate: '2026-12-15', timezone: 'Europe/London', exceptions: ['2026-10-27'] },
      place: { mode: 'in-person', venue: { name: 'Central Library', streetAddress: '1 Library Square', locality: 'Demo City', postcode: 'DC1 1AA', country: 'GB', latitude: 52.4797, longitude: -1.9027 } },
      accessibility: { supports: ['step-free-access', 'hearing-loop'] },
      takePart: { justTurnUp: true },
      languages: ['en'],
    },
  },
  'GET /opportunities': { query: { skill: 'coding', near: '52.4797,-1.9027', radiusKm: '5', age: '11', sort: 'nearest', limit: '20' } },
  'GET /opportunities/{opportunityId}': { params: OPPORTUNITY },
  'PATCH /opportunities/{opportunityId}': { params: OPPORTUNITY, body: { status: 'full', capacity: { places: 20, placesLeft: 0 } } },
  'POST /opportunities/{opportunityId}/cancel': { params: OPPORTUNITY },
  'GET /opportunities/{opportunityId}/calendar': { params: OPPORTUNITY },
  'GET /opportunities/{opportunityId}/book': { params: OPPORTUNITY },
  'PUT /opportunities/{opportunityId}/image': { params: OPPORTUNITY, rawBody: { contentType: 'image/png', file: 'badge.png' } },
  'GET /opportunities/{opportunityId}/image': { params: OPPORTUNITY },
  'GET /issuers/{issuerId}/opportunities': { params: PROVIDER, query: PAGE },
  'POST /pathways': {
    body: {
      name: 'Into Digital Making',
      description: 'From a first program to a digital apprenticeship.',
      skills: ['coding', 'problem-solving'],
      rule: {
        type: 'group',
        order: 'suggested',
        of: [
          { type: 'badge-class', badgeClassId: BADGE_CLASS.badgeClassId },
          { type: 'group', name: 'Make something', required: 1, of: [{ type: 'badge-class', badgeClassId: 'm2xq7kz3wd5pbn4r' }, { type: 'opportunity', opportunityId: OPPORTUNITY.opportunityId }] },
        ],
      },
      milestoneBadgeClassId: 'r4bn5kz2xq7wm3dp',
      destination: { type: 'url', url: 'https://apprenticeships.example.org/digital', name: 'Digital apprenticeships', kind: 'apprenticeship' },
    },
  },
  'GET /pathways': { query: { skill: 'coding', limit: '20' } },
  'GET /pathways/{pathwayId}': { params: PATHWAY },
  'GET /pathways/{pathwayId}/ctdl': { params: PATHWAY },
  'GET /pathways/{pathwayId}/versions/{version}': { params: { ...PATHWAY, version: '2' } },
  'GET /pathways/{pathwayId}/draft': { params: PATHWAY },
  'PATCH /pathways/{pathwayId}': { params: PATHWAY, body: { description: 'From a first program at the library to a digital apprenticeship.' } },
  'POST /pathways/{pathwayId}/publish': { params: PATHWAY },
  'POST /pathways/{pathwayId}/archive': { params: PATHWAY },
  'GET /feeds/opportunities': { query: { afterTimestamp: '1796135033892', afterId: OPPORTUNITY.opportunityId } },
  'GET /': {},
  'GET /assets/{asset}': { params: { asset: 'leaflet.js' } },
  'GET /passport/badges': { query: { limit: '24' } },
  'POST /passport/badges/{awardId}': { params: AWARD, rawBody: LEARNER_FORM },
  'GET /passport/add': { query: { token: PASSPORT_TOKEN } },
  'POST /passport/add': { rawBody: LEARNER_FORM },
  'POST /passport/share': { rawBody: LEARNER_FORM },
  'POST /passport/share/revoke': { rawBody: LEARNER_FORM },
  'GET /passport/archive': {},
  'GET /profiles/{profileId}': { params: { profileId: 'p7kd3mzq2xw5nb4ta6rcy2vh3e' } },
  'GET /unsubscribe': { query: { token: UNSUBSCRIBE_TOKEN } },
  'GET /insights': { query: { period: 'Y2026', area: 'DEMO-CEN', age: '16-17' } },
  'GET /insights/data.json': { query: { period: 'M2026-05' } },
  'GET /insights/data.csv': { query: { period: 'Y2026', age: '18-24' } },
  'GET /insights/method': {},
  'GET /state-of-learning': { query: { period: 'ALL' } },
  'POST /unsubscribe': { query: { token: UNSUBSCRIBE_TOKEN } },
  'POST /badge-classes/{badgeClassId}/claim-codes': { params: BADGE_CLASS, body: { kind: 'shared', limit: 60, label: 'Saturday Code Club open day', validUntil: '2030-03-02T18:00:00Z' } },
  'GET /badge-classes/{badgeClassId}/claim-codes': { params: BADGE_CLASS, query: PAGE },
  'GET /claim-codes/{claimSetId}': { params: CLAIM_SET },
  'GET /claim-codes/{claimSetId}/print': { params: CLAIM_SET },
  'POST /claim-codes/{claimSetId}/revoke': { params: CLAIM_SET },
  'GET /claim': { query: { code: 'k7qz m3xw d2pb n4ra h5tq 2xk7 mz' } },
  'GET /claim/{code}': { params: CLAIM_CODE },
  'POST /claim/{code}': { params: CLAIM_CODE, rawBody: LEARNER_FORM },
  'GET /.well-known/openid-credential-issuer': {},
  'GET /.well-known/oauth-authorization-server': {},
  'POST /wallet/token': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'wallet-token.form' } },
  'POST /wallet/nonce': {},
  'POST /wallet/credential': { body: { credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: ['eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVkRFNBIiwiandrIjp7fX0.e30.c2ln'] } } },
  'GET /wallet/badges/{awardId}': { params: AWARD },
  'POST /wallet/badges/{awardId}': { params: AWARD, rawBody: LEARNER_FORM },
  'GET /sign-in': { query: { next: '/passport' } },
  'GET /sign-in/callback': { query: { code: 'the-code-from-the-provider', state: 'the-state-this-browser-started-with' } },
  'POST /sign-out': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'sign-out.form' } },
  'GET /account': {},
  'POST /account/age-band': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'age-band.form' } },
  'POST /account/consent-request': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'csrf-only.form' } },
  'POST /account/settings': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'settings.form' } },
  'POST /account/addresses': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'add-address.form' } },
  'POST /account/addresses/verify': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'verify-address.form' } },
  'POST /account/addresses/remove': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'remove-address.form' } },
  'GET /account/export': {},
  'POST /account/delete': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'delete-account.form' } },
  'GET /passport': {},
  'GET /guardian': { query: { token: 'the-token-from-the-email' } },
  'POST /guardian': { rawBody: { contentType: 'application/x-www-form-urlencoded', file: 'guardian.form' } },
  'PUT /labour-market/demand': { rawBody: { contentType: 'text/csv', file: 'labour-market.csv' } },
  'GET /labour-market/demand': { query: { period: '2026-Q1', skill: 'coding' } },
};

const WHEN = '2026-03-01T09:30:00.000Z';
const IDS = { provider: 'central-library', badgeClass: 'k7qzm3xwd2pbn4ra', award: 'b5tq2xk7mzn3wp4rdc6yhv2ja7', import: 'j4mw7q2xbz5kn3tr6pda' };

/**
 * What a field of that name holds in the demo city, so that an example answer reads like one. Used only
 * where it fits the field's schema (type, pattern and length); anything else is made from the schema.
 */
const byName = (baseUrl: string): Record<string, string> => {
  const award = `${baseUrl}/badges/${IDS.award}`;
  const badgeClass = `${baseUrl}/badge-classes/${IDS.badgeClass}`;
  const issuer = `${baseUrl}/issuers/${IDS.provider}`;
  return {
    name: 'Code Club: First Steps',
    email: 'learning@library.example.org',
    description: 'Built and shared a first program at the library Code Club.',
    narrative: 'Four sessions and one program.',
    reason: 'Awarded to the wrong learner',
    label: 'Club laptop',
    salt: 'k2x7q4m9w3b5',
    targetName: 'Coding (Explorer)',
    targetFramework: 'Demo City Skills Spine',
    targetCode: 'coding',
    skillId: 'coding',
    badgeClassId: IDS.badgeClass,
    awardId: IDS.award,
    issuerId: IDS.provider,
    importId: IDS.import,
    city: 'demo',
    prefix: 'h3kq7zxm2bdp',
    url: 'https://library.example.org',
    image: `${award}/image`,
    imageUrl: 'https://library.example.org/logo.png',
    page: award,
    assertion: award,
    credential: `${award}/credential`,
    badge: `${badgeClass}/versions/2`,
    current: badgeClass,
    awards: `${badgeClass}/awards`,
    issuer,
    profile: `${issuer}/profile`,
    verificationMethod: `${issuer}/profile#key-1`,
    statusListCredential: `${baseUrl}/status-lists/${IDS.provider}`,
    targetUrl: `${baseUrl}/skills/coding`,
    errorsUrl: `${baseUrl}/imports/${IDS.import}/errors`,
    skills: `${baseUrl}/skills`,
  };
};

const PROVIDER_FIELDS = { name: 'Central Library', description: 'Coding clubs, maker days and digital skills sessions for all ages.' };
/** Within these schemas a field of that name holds something else. */
const BY_SCHEMA: Record<string, Record<string, string>> = {
  Provider: PROVIDER_FIELDS,
  Ob2Issuer: PROVIDER_FIELDS,
  Ob3Profile: PROVIDER_FIELDS,
  Skill: { name: 'Coding', description: 'Writes, tests and fixes programs.' },
};

const fits = (value: string, schema: JsonSchema) =>
  (typeof schema.pattern !== 'string' || new RegExp(schema.pattern).test(value)) &&
  (typeof schema.minLength !== 'number' || value.length >= schema.minLength) &&
  (typeof schema.maxLength !== 'number' || value.length <= schema.maxLength) &&
  (schema.format !== 'uri' || /^https?:\/\//.test(value)) &&
  (schema.format !== 'email' || value.includes('@'));
const MAX_DEPTH = 12;

/**
 * A deterministic string matching a pattern made of literals, escapes (`\d`, `\.`), character classes,
 * groups and counts (`{n}`, `{m,n}`, `+`, `*`): the shapes of our ids, hashes and keys. Undefined for
 * anything else (alternation, negated classes), which then needs an example in its schema.
 */
function fromPattern(pattern: string): string | undefined {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let out = '';
  let salt = 7;
  for (let i = 0; i < body.length; ) {
    const at = body[i]!;
    if (at === '(' || at === ')') {
      i += 1;
      continue;
    }
    let choices: string[] = [];
    if (at === '[') {
      const end = body.indexOf(']', i);
      if (end < 0 || body[i + 1] === '^') return undefined;
      const set = body.slice(i + 1, end);
      for (let j = 0; j < set.length; j++) {
        if (set[j + 1] === '-' && j + 2 < set.length) {
          for (let c = set.charCodeAt(j); c <= set.charCodeAt(j + 2); c++) choices.push(String.fromCharCode(c));
          j += 2;
        } else choices.push(set[j]!);
      }
      i = end + 1;
    } else if (at === '\\') {
      const escaped = body[i + 1];
      if (escaped === undefined) return undefined;
      choices = escaped === 'd' ? [...'0123456789'] : /\w/.test(escaped) ? [] : [escaped];
      if (!choices.length) return undefined;
      i += 2;
    } else if (/[\w-]/.test(at)) {
      choices = [at];
      i += 1;
    } else return undefined;
    let count = 1;
    const quantifier = /^(?:\{(\d+)(?:,(\d*))?\}|([+*]))/.exec(body.slice(i));
    if (quantifier) {
      count = quantifier[3] ? 4 : Math.max(Number(quantifier[1]), Math.min(Number(quantifier[2] || quantifier[1]), 6));
      i += quantifier[0].length;
    }
    // Letters and digits rather than hyphens, so that a slug never ends in one; varied, so ids look like ids.
    const usable = choices.length > 1 ? choices.filter((c) => c !== '-') : choices;
    for (let n = 0; n < count; n++) out += usable[(salt = (salt * 31 + 11) % 9973) % usable.length];
  }
  return out;
}

interface Place {
  baseUrl: string;
  /** The property the value is for. */
  name?: string;
  /** The named schema (component) it is in. */
  within?: string;
}

function sampleString(schema: JsonSchema, { baseUrl, name, within }: Place): string {
  const named = name === undefined ? undefined : (BY_SCHEMA[within ?? '']?.[name] ?? byName(baseUrl)[name]);
  if (named !== undefined && fits(named, schema)) return named;
  switch (schema.format) {
    case 'uri':
      return `${baseUrl}/badges/${IDS.award}`;
    case 'email':
      return 'hello@example.org';
    case 'date-time':
      return WHEN;
    case 'date':
      return WHEN.slice(0, 10);
  }
  const fitted = typeof schema.pattern === 'string' ? fromPattern(schema.pattern) : undefined;
  if (fitted !== undefined) return fitted;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 100;
  return 'example text'.padEnd(min, '.').slice(0, max);
}

/**
 * An example value of a JSON Schema (OpenAPI 3.1 dialect, as functions/openapi/json-schema.ts writes
 * it); `self`, the URL the example was asked at, is the answer's own `id` where that fits.
 */
export function sampleOf(schema: JsonSchema, components: Record<string, JsonSchema>, baseUrl: string, self?: string): unknown {
  const answer = sampleAt(schema, components, { baseUrl }, 0);
  if (self && answer && typeof answer === 'object' && typeof (answer as { id?: unknown }).id === 'string' && /^https?:/.test((answer as { id: string }).id)) {
    return { ...answer, id: self };
  }
  return answer;
}

function sampleAt(schema: JsonSchema, components: Record<string, JsonSchema>, place: Place, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  const inner = (s: unknown, at: Partial<Place> = {}) => sampleAt((s ?? {}) as JsonSchema, components, { ...place, ...at }, depth + 1);
  if (typeof schema.$ref === 'string') {
    const within = schema.$ref.slice(COMPONENT_SCHEMAS.length);
    return inner(components[within], { within });
  }
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return inner(alternatives.find((a) => a.type !== 'null') ?? alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
      return Object.fromEntries(properties.map(([property, propertySchema]) => [property, inner(propertySchema, { name: property })]));
    }
    case 'array': {
      if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item) => inner(item));
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length: count }, () => inner(schema.items));
    }
    case 'string':
      return sampleString(schema, place);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

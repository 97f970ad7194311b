// Hostile HTTP requests for property tests (fast-check), generated from the route table: for a route,
// its method and path template with each `{param}` a real id or a hostile segment (traversal, encoded
// slashes, NUL, very long, unicode, broken percent-encoding), a hostile query string (repeated, huge,
// oddly encoded, prototype-named parameters), hostile headers (content types, Authorization forms,
// huge values) and a hostile body (random JSON of the wrong types, huge strings and numbers, nesting
// 10,000 deep, `__proto__` / `constructor` / `prototype` keys, duplicate keys, invalid UTF-8, non-JSON,
// empty), often a mutation of a valid body of the route so that it gets past the first checks.
import fc from 'fast-check';
import type { Route } from '../../definitions/routes';

export type Caller = 'none' | 'admin' | 'provider';
export const CALLERS: readonly Caller[] = ['none', 'admin', 'provider'];

export interface HostileRequest {
  method: string;
  /** Path and query as sent on the request line (already percent-encoded where it should be). */
  target: string;
  /** Header lines in order; a name may repeat. */
  headers: [string, string][];
  body?: Buffer;
}

/** What the generators need to know about the city under test. */
export interface FuzzFixtures {
  keys: Record<Exclude<Caller, 'none'>, string>;
  /** Real values for path parameters, by name (e.g. issuerId: ['central-library']). */
  ids: Record<string, string[]>;
  /** Valid bodies (JSON values) by route key, mutated into hostile ones. */
  bodies: Record<string, unknown[]>;
  /** Valid raw bodies (e.g. images) by route key, with their content type. */
  rawBodies?: Record<string, { contentType: string; body: Buffer }[]>;
}

// --- Values --------------------------------------------------------------------------------------

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
/** Field names the API uses, so that wrong values land on fields the schemas look at. */
const KNOWN_KEYS = [
  'id', 'name', 'url', 'email', 'description', 'imageUrl', 'criteria', 'narrative', 'alignments', 'skillId', 'level', 'tags',
  'expiresAfterDays', 'issuerId', 'recipient', 'recipients', 'evidence', 'issuedOn', 'reason', 'label', 'scopes', 'validUntil',
  'image', 'assertion', 'credential', '@context', 'type', 'proof', 'badge', 'verification', 'issuer', 'credentialSubject',
];

const repeat = (text: string, times: number) => text.repeat(times);

/** Nested arrays or objects `depth` levels deep, as JSON text. */
export const deepJson = (depth: number, kind: 'array' | 'object', leaf = '1') =>
  kind === 'array' ? `${repeat('[', depth)}${leaf}${repeat(']', depth)}` : `${repeat('{"a":', depth)}${leaf}${repeat('}', depth)}`;

const scalarText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'null', 'true', 'false', '0', '-0', '-1', '0.5', '1e309', '-1e309', '1e-400', '123456789012345678901234567890', '9007199254740993',
      '""', '" "', '"\\u0000"', '"\\ud800"', '"\\udfff\\ud800"', '"\\u202e\\u200b"', '"\\r\\n\\t"', '"__proto__"', '"constructor"',
      '"../../../../etc/passwd"', '"..\\\\..\\\\windows"', '"%00"', '"%2e%2e%2f"', '"NaN"', '"Infinity"', '"-1"', '"1e309"', '"<script>alert(1)</script>"',
      '"${jndi:ldap://x/a}"', '"{{7*7}}"', '"\' OR 1=1 --"', '"a@b"', '"@"', '"x@y.z"', '"javascript:alert(1)"', '"file:///etc/passwd"',
      '"data:text/html,x"', '"2026-02-30T25:61:61Z"', '"0000-00-00"', '"9999-12-31T23:59:59Z"', '"badges:issue"', '"city-admin"',
      '"col_aaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"', '"Bearer x"', '"\\ud83d\\ude00"', '"ß́ﬃ𝕏"',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true })).map((n) => JSON.stringify(n)) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 70_000, 300_000).map((n) => JSON.stringify('a'.repeat(n))) },
  { weight: 1, arbitrary: fc.constantFrom(100, 10_000).map((n) => `[${Array(n).fill('1').join(',')}]`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(64, 1_000, 10_000), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => deepJson(d, k)) },
);

const keyText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'a.b', 'a[0]', '$where', '\u0000') },
);

/** Random JSON text, objects keyed with the API's field names and prototype names; duplicate keys allowed. */
const { jsonText } = fc.letrec<{ jsonText: string; objectText: string; arrayText: string }>((tie) => ({
  jsonText: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarText, tie('objectText'), tie('arrayText')),
  objectText: fc
    .array(fc.tuple(keyText, tie('jsonText')), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  arrayText: fc.array(tie('jsonText'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
}));

const POLLUTERS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}},"a":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"prototype":{"polluted":"yes"},"__proto__":[],"constructor":null}',
];

// --- Mutating valid bodies -----------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value (the root is []). */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** The value as JSON text with the node at `path` replaced by `replacement` text (or removed). */
function replaceAt(value: Json, path: (string | number)[], replacement: string | undefined): string {
  if (path.length === 0) return replacement ?? '';
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const items = value.flatMap((item, i) => (i === head ? (rest.length === 0 && replacement === undefined ? [] : [replaceAt(item, rest, replacement)]) : [JSON.stringify(item)]));
    return `[${items.join(',')}]`;
  }
  const object = value as Record<string, Json>;
  const entries = Object.entries(object).flatMap(([k, v]) =>
    k === head ? (rest.length === 0 && replacement === undefined ? [] : [`${JSON.stringify(k)}:${replaceAt(v, rest, replacement)}`]) : [`${JSON.stringify(k)}:${JSON.stringify(v)}`],
  );
  return `{${entries.join(',')}}`;
}

/** A valid body with one node replaced by hostile JSON, removed, wrapped, or given a prototype key beside it. */
const mutatedBody = (valid: Json): fc.Arbitrary<string> => {
  const all = paths(valid);
  return fc.tuple(fc.nat({ max: all.length - 1 }), fc.nat({ max: 4 }), jsonText, fc.constantFrom(...PROTO_KEYS, ...KNOWN_KEYS)).map(([i, how, hostile, key]) => {
    const path = all[i]!;
    const node = path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, valid);
    switch (how) {
      case 0:
        return replaceAt(valid, path, hostile);
      case 1:
        return replaceAt(valid, path, path.length ? undefined : '{}');
      case 2:
        return replaceAt(valid, path, `[${JSON.stringify(node)}]`);
      case 3:
        return node && typeof node === 'object' && !Array.isArray(node)
          ? replaceAt(valid, path, `{${JSON.stringify(key)}:${hostile},${JSON.stringify(node).slice(1)}`.replace(/,}$/, '}'))
          : replaceAt(valid, path, hostile);
      default:
        // The same key twice: which one wins must not matter to safety.
        return node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length
          ? replaceAt(valid, path, `{${JSON.stringify(Object.keys(node)[0])}:${hostile},${JSON.stringify(node).slice(1)}`)
          : replaceAt(valid, path, hostile);
    }
  });
};

// --- Bodies as bytes -----------------------------------------------------------------------------

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xc3]];

/** JSON text turned into bytes, sometimes with invalid UTF-8 inside a string, a BOM, or as UTF-16. */
const encoded = (text: fc.Arbitrary<string>): fc.Arbitrary<Buffer> =>
  fc.tuple(text, fc.nat({ max: 9 }), fc.constantFrom(...INVALID_UTF8)).map(([t, how, bad]) => {
    if (how === 0) {
      const quote = t.indexOf('"');
      const at = quote >= 0 ? quote + 1 : 0;
      return Buffer.concat([Buffer.from(t.slice(0, at)), Buffer.from(bad), Buffer.from(t.slice(at))]);
    }
    if (how === 1) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]);
    if (how === 2) return Buffer.from(`\ufeff${t}`, 'utf16le');
    return Buffer.from(t);
  });

const NON_JSON = [
  '{', '{"a":', '{"a":1', "{'a':1}", '{a:1}', 'NaN', 'Infinity', 'undefined', '<?xml version="1.0"?><a/>', 'a=1&b=2', '{"a":1}garbage',
  '{"a":1}{"b":2}', '\u0000', ' ', '\r\n', '//', '/*', '[1,]', '{"a":1,}', '"unterminated', '0x10', '-', '.5', '+1', '\ufeff', '{"a":"\\x41"}',
];

/** A valid raw body (an image), kept, cut short, or with bytes inserted or overwritten somewhere. */
const rawMutation = (raw: { contentType: string; body: Buffer }[]) =>
  fc.tuple(fc.constantFrom(...raw), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.nat({ max: 3 })).map(([{ contentType, body }, at, bytes, how]) => {
    const position = at % Math.max(1, body.length);
    if (how === 0) return { contentType, body };
    if (how === 1) return { contentType, body: body.subarray(0, position) };
    return { contentType, body: Buffer.concat([body.subarray(0, position), Buffer.from(bytes), body.subarray(position + (how === 2 ? bytes.length : 0))]) };
  });

const bodyBytes = (route: Route, fixtures: FuzzFixtures): fc.Arbitrary<Buffer | undefined> => {
  const key = `${route.method} ${route.path}`;
  const valid = (fixtures.bodies[key] ?? []) as Json[];
  const raw = fixtures.rawBodies?.[key] ?? [];
  const options: fc.WeightedArbitrary<Buffer | undefined>[] = [
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 6, arbitrary: encoded(jsonText) },
    { weight: 2, arbitrary: fc.constantFrom(...POLLUTERS).map((t) => Buffer.from(t)) },
    { weight: 2, arbitrary: fc.constantFrom(...NON_JSON).map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const), fc.constantFrom(...KNOWN_KEYS))
        .map(([depth, kind, field]) => Buffer.from(depth > 10_000 ? deepJson(depth, kind) : `{${JSON.stringify(field)}:${deepJson(depth, kind)}}`)),
    },
    { weight: 1, arbitrary: fc.constantFrom(70_000, 1_100_000, 2_200_000).map((n) => Buffer.from(`{"name":"${'a'.repeat(n)}"}`)) },
  ];
  if (valid.length) options.push({ weight: 10, arbitrary: encoded(fc.constantFrom(...valid).chain(mutatedBody)) });
  if (valid.length) options.push({ weight: 2, arbitrary: fc.constantFrom(...valid).map((v) => Buffer.from(JSON.stringify(v))) });
  if (raw.length) options.push({ weight: 6, arbitrary: rawMutation(raw).map((r) => r.body) });
  return fc.oneof(...options);
};

// --- Headers -------------------------------------------------------------------------------------

/** Header values as HTTP can carry them: visible ASCII, spaces, tabs and obs-text bytes (Latin-1). */
const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 8_000).map((n) => 'x'.repeat(n)) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t', '__proto__', 'null', 'undefined', '[object Object]', 'a, b, c', ';;;', '=?utf-8?q?x?=') },
);

const contentType = (route: Route, fixtures: FuzzFixtures) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', ...(fixtures.rawBodies?.[`${route.method} ${route.path}`] ?? []).map((r) => r.contentType)) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        'APPLICATION/JSON', 'application/json;charset=utf-16', 'application/json; charset=latin1', 'application/problem+json', 'application/ld+json',
        'application/vnd.api+json', 'application/jsonp', 'application/json-seq', 'text/json', 'text/plain', 'text/html', 'application/xml',
        'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'image/png', 'image/svg+xml',
        'image/png; charset=utf-8', 'image/gif', 'IMAGE/SVG+XML', '*/*', '', ';', 'application/json, text/plain', 'application/json\tjunk',
        'application/json; charset=', 'application/json;;;', ' application/json', 'application/', '/json', 'application/json; a="\\"',
      ),
    },
    { weight: 1, arbitrary: headerValue },
  );

const authorization = (caller: Caller, fixtures: FuzzFixtures): fc.Arbitrary<string[]> => {
  if (caller === 'none') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      {
        weight: 2,
        arbitrary: fc.constantFrom<string[]>(
          [''], ['Bearer'], ['Bearer '], ['Bearer null'], ['Basic dXNlcjpwYXNz'], ['Bearer col_'], ['Bearer col__'],
          ['Bearer col_aaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], ['Bearer col_../../etc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
          ['Bearer __proto__'], ['Bearer constructor'], ['Digest username="a"'], [`Bearer ${'x'.repeat(8000)}`],
        ),
      },
      { weight: 1, arbitrary: headerValue.map((v) => [v]) },
    );
  }
  const key = fixtures.keys[caller];
  const other = fixtures.keys[caller === 'admin' ? 'provider' : 'admin'];
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant<string[]>([`Bearer ${key}`]) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<string[]>(
        [`bearer ${key}`], [`BEARER ${key}`], [`Bearer  ${key}`], [`Bearer ${key} `], [`Bearer ${key} extra`], [`Bearer\t${key}`],
        [key], [`Basic ${key}`], [`Bearer ${key},Bearer ${other}`], [`Bearer ${key}`, `Bearer ${other}`], [`Bearer ${key}x`],
        [`Bearer ${key.slice(0, -1)}`], [`Bearer ${key.toUpperCase()}`], [`Bearer ${key.replace(/_[^_]+$/, '_' + 'A'.repeat(43))}`],
        [`Bearer ${encodeURIComponent(key)}%00`],
      ),
    },
  );
};

const idempotencyKey = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string[]>([]) },
  { weight: 2, arbitrary: fc.stringMatching(/^[\x21-\x7e]{8,40}$/).map((v) => [v]) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>(['short'], ['x'.repeat(256)], ['has space in it'], ['ünïcödé-key'], ['aaaaaaaa', 'bbbbbbbb'], ['']) },
);

const accept = fc.oneof(
  { weight: 4, arbitrary: fc.constant<string[]>([]) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<string[]>(
      ['text/html'], ['*/*'], ['text/html;q=abc'], ['text/html;q=1e999, application/json;q=NaN'], ['application/json;q=0, text/html;q=0'],
      [Array(500).fill('text/html;q=0.5').join(',')], [';;;,,,'], ['text/*'], ['*/html'], ['application/ld+json'], ['image/png'],
    ),
  },
);

const extraHeaders = fc.array(
  fc.tuple(
    fc.constantFrom('x-forwarded-for', 'x-forwarded-host', 'x-amzn-trace-id', 'x-request-id', '__proto__', 'constructor', 'prototype', 'toString', 'x-http-method-override', 'cookie', 'origin', 'range', 'if-none-match', 'content-encoding', 'transfer-encoding-x', 'expect-x'),
    headerValue,
  ),
  { maxLength: 3 },
);

// --- Paths and query strings ---------------------------------------------------------------------

const enc = encodeURIComponent;

/** Segments that are not ids: traversal, encoded separators, NUL, control bytes, broken encodings, very long, unicode. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..', '.', '...', '%2e%2e', '%2E%2E', '%2e%2e%2f', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%2f..%2f..%2fetc%2fpasswd', '..%5c..%5cwindows', '%2F', '%5C',
      '%252e%252e%252f', '%00', 'a%00b', '%0a', '%0d%0a', '%09', '%20', '%7f', '%', '%%', '%zz', '%2', '%E0%A4%A', '%C0%AF', '%C0%AE%C0%AE', '%ED%A0%80',
      '%FF%FE', '%F4%90%80%80', '__proto__', 'constructor', 'prototype', '%5F%5Fproto%5F%5F', 'toString', 'hasOwnProperty', 'null', 'undefined',
      'NaN', '-1', '0', '00', '1e309', '999999999999999999999', '1.5', '0x1', ';', ',', '*', '~', '$', '!', "'", '%22', '%3Cscript%3E', '%24%7Bjndi%7D',
      'CON', 'nul', '.git', '.env', '%C3%A9', '%F0%9F%98%80', 'a:b', '@', '%40', '+', '%2B',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(enc) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(enc) },
  { weight: 1, arbitrary: fc.constantFrom(64, 65, 200, 2_000, 7_000).map((n) => 'a'.repeat(n)) },
);

/** A real id, or a real id made hostile (suffixes, traversal after it, case, an encoded NUL). */
const segmentFor = (name: string, fixtures: FuzzFixtures): fc.Arbitrary<string> => {
  const real = fixtures.ids[name] ?? [];
  if (!real.length) return hostileSegment;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...real) },
    { weight: 3, arbitrary: hostileSegment },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...real), fc.constantFrom('%00', '%2f..', '%2F..%2F..', '/..', 'x', '%20', '%0a', '.json', ';x', '%C0%AF')).map(([id, suffix]) => `${id}${suffix}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => id.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => [...id].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')) },
  );
};

const QUERY_NAMES = ['month', 'limit', 'cursor', 'group', 'includeRetired', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'a[b]', 'a[]', '', '%', '%zz', 'x'];
const queryValue = fc.oneof(
  fc.constantFrom('', '1', '0', '-1', '100', '101', '1e3', 'true', 'TRUE', '2026-11', '2026-13', '9999-99', 'digital', '%', '%zz', '%ff', '%00', '+', '%2B', '%26', '%3D', 'a=b', '..%2f', '%C0%AF', 'null', '__proto__'),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(enc),
  fc.constantFrom(1_000, 6_000).map((n) => 'q'.repeat(n)),
);
const queryString = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 5, arbitrary: fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), queryValue), { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.map(([n, v]) => `${n}=${v}`).join('&')}`) },
  { weight: 1, arbitrary: fc.constantFrom('?', '??', '?&&&', '?=', '?==', '?a', '?a&a&a', '?%', '?;', '?#', '?limit=1&limit=2&limit=3', '?month=2026-11&month=2026-12', '?cursor=' + 'A'.repeat(3000)) },
);

// --- Whole requests ------------------------------------------------------------------------------

const summarise = (request: HostileRequest) => {
  const cut = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const body = request.body === undefined ? 'no body' : `${request.body.length} bytes: ${cut(request.body.toString('latin1'))}`;
  return `${request.method} ${cut(request.target)} [${request.headers.map(([k, v]) => `${k}: ${cut(v, 80)}`).join(' | ')}] ${body}`;
};

const withSummary = (request: HostileRequest): HostileRequest => Object.assign(request, { [fc.toStringMethod]: () => summarise(request) });

/**
 * Requests that get past the first checks: real ids, the right content type, the caller's key as it
 * should be sent, and a valid body of the route with one part made hostile (or a mutated image), so
 * that validation, the domain code and the data layer all meet hostile values.
 */
function nearValidRequest(route: Route, caller: Caller, fixtures: FuzzFixtures): fc.Arbitrary<HostileRequest> {
  const key = `${route.method} ${route.path}`;
  const valid = (fixtures.bodies[key] ?? []) as Json[];
  const raw = fixtures.rawBodies?.[key] ?? [];
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) return fc.constant(segment);
    const real = fixtures.ids[param] ?? [];
    return real.length ? fc.constantFrom(...real) : hostileSegment;
  });
  const polluted = (value: Json) =>
    fc.constantFrom(...POLLUTERS.filter((p) => p.startsWith('{'))).map((p) =>
      value && typeof value === 'object' && !Array.isArray(value) ? `{${p.slice(1, -1)},${JSON.stringify(value).slice(1)}` : p,
    );
  const payload: fc.Arbitrary<{ contentType?: string; body?: Buffer }> =
    route.method === 'GET'
      ? fc.constant({})
      : raw.length
        ? rawMutation(raw)
        : valid.length
          ? fc
              .oneof(
                { weight: 8, arbitrary: encoded(fc.constantFrom(...valid).chain(mutatedBody)) },
                { weight: 1, arbitrary: fc.constantFrom(...valid).map((v) => Buffer.from(JSON.stringify(v))) },
                { weight: 2, arbitrary: fc.constantFrom(...valid).chain(polluted).map((t) => Buffer.from(t)) },
              )
              .map((body) => ({ contentType: 'application/json', body }))
          : fc.option(encoded(jsonText), { nil: undefined }).map((body) => ({ contentType: 'application/json', ...(body ? { body } : {}) }));
  return fc
    .record({
      path: fc.tuple(...segments).map((parts) => parts.join('/')),
      query: route.method === 'GET' ? queryString : fc.constant(''),
      payload,
      idempotencyKey,
      accept,
    })
    .map(({ path, query, payload, idempotencyKey, accept }) =>
      withSummary({
        method: route.method,
        target: `${path}${query}`,
        headers: [
          ...(payload.contentType ? [['content-type', payload.contentType] as [string, string]] : []),
          ...(caller === 'none' ? [] : [['authorization', `Bearer ${fixtures.keys[caller]}`] as [string, string]]),
          ...idempotencyKey.map((v) => ['idempotency-key', v] as [string, string]),
          ...accept.map((v) => ['accept', v] as [string, string]),
        ],
        ...(payload.body !== undefined ? { body: payload.body } : {}),
      }),
    );
}

/** Anything goes: every part of the request may be hostile at once. */
function wildRequest(route: Route, caller: Caller, fixtures: FuzzFixtures): fc.Arbitrary<HostileRequest> {
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    return param ? segmentFor(param, fixtures) : fc.constant(segment);
  });
  return fc
    .record({
      path: fc.tuple(...segments).map((parts) => parts.join('/')),
      query: queryString,
      contentType: fc.option(contentType(route, fixtures), { freq: 5 }),
      authorization: authorization(caller, fixtures),
      idempotencyKey,
      accept,
      extra: extraHeaders,
      body: bodyBytes(route, fixtures),
    })
    .map(({ path, query, contentType, authorization, idempotencyKey, accept, extra, body }) =>
      withSummary({
        method: route.method,
        target: `${path}${query}`,
        headers: [
          ...(contentType !== null ? [['content-type', contentType] as [string, string]] : []),
          ...authorization.map((v) => ['authorization', v] as [string, string]),
          ...idempotencyKey.map((v) => ['idempotency-key', v] as [string, string]),
          ...accept.map((v) => ['accept', v] as [string, string]),
          ...extra,
        ],
        ...(body !== undefined ? { body } : {}),
      }),
    );
}

/** Hostile requests for one route and one caller: half nearly valid (to reach deep), half wild. */
export function hostileRequest(route: Route, caller: Caller, fixtures: FuzzFixtures): fc.Arbitrary<HostileRequest> {
  return fc.oneof(nearValidRequest(route, caller, fixtures), wildRequest(route, caller, fixtures));
}

/** Any method on any path: unknown routes, known paths with other methods, odd methods. */
export function strayRequest(fixtures: FuzzFixtures, routes: readonly Route[]): fc.Arbitrary<HostileRequest> {
  const knownPath = fc.constantFrom(...routes).chain((route) =>
    fc.tuple(...route.path.split('/').map((s) => (/^\{\w+\}$/.test(s) ? segmentFor(s.slice(1, -1), fixtures) : fc.constant(s)))).map((p) => p.join('/')),
  );
  const anyPath = fc.oneof(
    knownPath,
    knownPath.map((p) => `${p}/`),
    knownPath.map((p) => `${p}/${'x'}`),
    knownPath.map((p) => p.replace(/\//g, '//')),
    fc.array(hostileSegment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`),
    fc.constantFrom('/', '//', '/./', '/../', '/..%2f', '/%2e%2e/%2e%2e/etc/passwd', '/favicon.ico', '/.env', '/index.html', '/api', '/skills/', '/badges//image'),
  );
  return fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO', 'get'),
      path: anyPath,
      query: queryString,
      auth: fc.constantFrom(...CALLERS).chain((caller) => authorization(caller, fixtures)),
      body: fc.option(encoded(jsonText), { freq: 2 }),
    })
    .map(({ method, path, query, auth, body }) =>
      withSummary({
        method,
        target: `${path}${query}`,
        headers: [['content-type', 'application/json'], ...auth.map((v) => ['authorization', v] as [string, string])],
        ...(body !== null && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
      }),
    );
}

// What can be verified, checked before anything is fetched. Input that is not a badge at all (nothing
// given, two things given, bytes that are no JSON or JWS) is the caller's mistake: a DomainError
// 'invalid' naming the field. A badge that fails its checks is not an input error: that is a report.
import * as z from 'zod/mini';
import { invalid } from '../errors';
import { parseJsonObject, type Json } from './json';
import { isCompactJws } from './jws';

/** Exactly one of image, url, credential, assertion; and, optionally, the email to check as recipient. */
export type VerifyInput = { email?: string } & (
  | { image: Buffer }
  /** An OB 2.0 hosted assertion's URL, or an OB 3.0 credential's. */
  | { url: string }
  /** OB 3.0: the credential's JSON (parsed or as text), or a compact JWS (VC-JWT). */
  | { credential: object | string }
  /** OB 2.0: the assertion's JSON (parsed or as text), or a signed assertion's compact JWS. */
  | { assertion: object | string }
);

export type BadgeSource =
  | { kind: 'image'; image: Buffer }
  | { kind: 'url'; url: string }
  | { kind: 'credential'; credential: Json }
  | { kind: 'credential-jwt'; token: string }
  | { kind: 'assertion'; assertion: Json }
  | { kind: 'assertion-jws'; token: string };

const jsonOrText = z.union([z.string(), z.record(z.string(), z.unknown())], 'must be a JSON object or a string');

const InputSchema = z.object({
  image: z.optional(z.instanceof(Buffer, { error: 'must be the image bytes' }).check(z.refine((image) => image.length > 0, 'is empty'))),
  // Not z.httpUrl(): it wants a dotted host name, and a local city lives at localhost.
  url: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  credential: z.optional(jsonOrText),
  assertion: z.optional(jsonOrText),
  email: z.optional(z.pipe(z.string().check(z.trim()), z.email('must be an email address'))),
});

const SOURCES = ['image', 'url', 'credential', 'assertion'] as const;

export function parseVerifyInput(input: VerifyInput): { source: BadgeSource; email?: string } {
  const parsed = InputSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => ({ in: 'body', field: issue.path.map(String).join('.'), detail: issue.message })));
  }
  const { image, url, credential, assertion, email } = parsed.data;
  const given = SOURCES.filter((field) => parsed.data[field] !== undefined);
  if (given.length !== 1) throw invalid([{ in: 'body', field: '', detail: `must give exactly one of ${SOURCES.join(', ')}${given.length ? `, not ${given.join(' and ')}` : ''}` }]);
  return { source: badgeSource({ image, url, credential, assertion }), ...(email !== undefined ? { email } : {}) };
}

function badgeSource(given: { image?: Buffer; url?: string; credential?: string | Json; assertion?: string | Json }): BadgeSource {
  if (given.image) return { kind: 'image', image: given.image };
  if (given.url !== undefined) return { kind: 'url', url: given.url };
  if (given.assertion !== undefined) {
    const assertion = jsonOrJws('assertion', given.assertion);
    return typeof assertion === 'string' ? { kind: 'assertion-jws', token: assertion } : { kind: 'assertion', assertion };
  }
  const credential = jsonOrJws('credential', given.credential!);
  return typeof credential === 'string' ? { kind: 'credential-jwt', token: credential } : { kind: 'credential', credential };
}

/** The JSON object given, or parsed from the text; or the text when it is a compact JWS. */
function jsonOrJws(field: 'assertion' | 'credential', value: string | Json): Json | string {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (isCompactJws(text)) return text;
  const json = parseJsonObject(text);
  if (json) return json;
  throw invalid([{ in: 'body', field, detail: 'is neither a JSON object nor a compact JWS' }]);
}

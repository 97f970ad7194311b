// Open Badges 2.0 hosted verification: the issuer's host must still serve the assertion as given, the
// badge class and issuer must resolve, the assertion's origin must be the issuer's, and it must be
// neither revoked nor expired. Works for any issuer, not only this city.
import type { FetchJson } from './fetch-document';
import { recipientCheck } from './recipient';
import { report, sameJson, type Check, type VerificationReport } from './report';

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const idOf = (value: unknown) => (typeof value === 'string' ? value : typeof asObject(value)?.id === 'string' ? (asObject(value)!.id as string) : undefined);
const pass = (check: string, detail: string): Check => ({ check, passed: true, detail });
const fail = (check: string, detail: string): Check => ({ check, passed: false, detail });

async function resolve(value: unknown, fetchJson: FetchJson): Promise<Json | undefined> {
  if (asObject(value) && Object.keys(asObject(value)!).length > 1) return asObject(value);
  const url = idOf(value);
  if (!url) return undefined;
  const { status, json } = await fetchJson(url);
  return status === 200 ? asObject(json) : undefined;
}

const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
};

export async function verifyOb2(input: { assertion?: Json; url?: string }, deps: { fetchJson: FetchJson; now: Date }, email?: string): Promise<VerificationReport> {
  const checks: Check[] = [];
  const url = input.url ?? idOf(input.assertion?.id);
  if (!url) return report('ob2-hosted', [fail('format', 'the assertion has no id (URL) to verify it at')]);

  const hosted = await deps.fetchJson(url);
  if (hosted.status === 410) return report('ob2-hosted', [fail('status', 'revoked: the issuer answers 410 Gone')]);
  const assertion = asObject(hosted.json);
  if (hosted.status !== 200 || !assertion) return report('ob2-hosted', [fail('hosted', `${url} answered HTTP ${hosted.status}`)]);
  const { revoked, revocationReason, ...served } = assertion;
  if (input.assertion) {
    const { revoked: _r, revocationReason: _why, ...given } = input.assertion;
    checks.push(sameJson(served, given) ? pass('hosted', 'the issuer serves this assertion unchanged') : fail('hosted', 'the assertion differs from what the issuer serves at its id'));
  } else {
    checks.push(pass('hosted', `fetched from ${url}`));
  }

  const type = assertion.type;
  const verification = asObject(assertion.verification);
  checks.push(
    type === 'Assertion' && /^hosted(badge)?$/i.test(String(verification?.type ?? ''))
      ? pass('format', 'a hosted Open Badges 2.0 Assertion')
      : fail('format', `not a hosted Assertion (type ${String(type)}, verification ${String(verification?.type)})`),
  );
  const contexts = ([] as unknown[]).concat(assertion['@context'] ?? []);
  if (!contexts.some((c) => c === 'https://w3id.org/openbadges/v2' || c === 'https://openbadgespec.org/v2/context.json')) {
    checks.push(fail('format', '@context is not the Open Badges 2.0 context'));
  }
  const issuedOn = typeof assertion.issuedOn === 'string' ? assertion.issuedOn : undefined;
  if (!issuedOn || Number.isNaN(Date.parse(issuedOn))) checks.push(fail('format', 'issuedOn is missing or not a date'));
  else if (Date.parse(issuedOn) > deps.now.getTime()) checks.push(fail('format', `issued in the future (${issuedOn})`));
  if (!asObject(assertion.recipient)) checks.push(fail('format', 'recipient is missing'));

  checks.push(revoked === true ? fail('status', `revoked${revocationReason ? `: ${String(revocationReason)}` : ''}`) : pass('status', 'not revoked'));
  const expires = typeof assertion.expires === 'string' ? assertion.expires : undefined;
  if (expires && issuedOn && Date.parse(expires) < Date.parse(issuedOn)) checks.push(fail('expiry', 'expires before it was issued'));
  checks.push(expires && Date.parse(expires) <= deps.now.getTime() ? fail('expiry', `expired on ${expires}`) : pass('expiry', expires ? `valid until ${expires}` : 'does not expire'));

  const badgeClass = await resolve(assertion.badge, deps.fetchJson);
  checks.push(badgeClass?.type === 'BadgeClass' && typeof badgeClass.name === 'string' ? pass('badge-class', `${String(badgeClass.name)}`) : fail('badge-class', 'the badge class could not be resolved'));
  const issuer = badgeClass ? await resolve(badgeClass.issuer, deps.fetchJson) : undefined;
  const issuerId = idOf(issuer?.id) ?? idOf(badgeClass?.issuer);
  checks.push(issuer && typeof issuer.name === 'string' ? pass('issuer', String(issuer.name)) : fail('issuer', 'the issuer profile could not be resolved'));

  // The assertion must come from the issuer's origin, unless the issuer allows others.
  const allowedOrigins = ([] as unknown[]).concat(asObject(issuer?.verification)?.allowedOrigins ?? []).map(String);
  const startsWith = ([] as unknown[]).concat(asObject(issuer?.verification)?.startsWith ?? []).map(String);
  const originOk = allowedOrigins.length || startsWith.length
    ? allowedOrigins.includes(hostOf(url) ?? '') || startsWith.some((prefix) => url.startsWith(prefix))
    : hostOf(url) !== undefined && hostOf(url) === hostOf(issuerId);
  checks.push(originOk ? pass('hosted-origin', `served from the issuer's origin ${hostOf(url)}`) : fail('hosted-origin', `${hostOf(url)} is not the issuer's origin`));

  const revocationList = issuer?.revocationList ? await resolve(issuer.revocationList, deps.fetchJson) : undefined;
  const listed = ([] as unknown[]).concat(revocationList?.revokedAssertions ?? []).some((entry) => idOf(entry) === url || entry === assertion.uid);
  if (listed) checks.push(fail('status', "listed in the issuer's revocation list"));

  if (email) checks.push(recipientCheck(email, asObject(assertion.recipient) ?? {}));
  return report('ob2-hosted', checks, {
    name: typeof badgeClass?.name === 'string' ? badgeClass.name : undefined,
    issuer: { id: issuerId, name: typeof issuer?.name === 'string' ? issuer.name : undefined },
    issuedOn,
    expires,
  });
}

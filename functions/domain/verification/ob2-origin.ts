// OB 2.0 hosted verification trusts an assertion because of where it is hosted: its id must be within
// the scope its issuer's profile allows (VerificationObject `allowedOrigins` and/or `startsWith`), by
// default the host of the issuer's own id.
import { asList, asObject, idOf, isHttpUrl, type Json } from './json';
import { fail, pass, type Check } from './report';

const strings = (value: unknown) => asList(value).filter((v): v is string => typeof v === 'string');

export function checkHostedOrigin(assertionId: string, issuer: Json | undefined): Check {
  if (!issuer) return fail('hosted-origin', 'no issuer profile to say where its assertions may be hosted');
  const host = new URL(assertionId).host;
  const policy = asObject(issuer.verification);
  // The spec defines `id` as the only verification property, and the default.
  const property = policy?.verificationProperty;
  if (property !== undefined && property !== 'id') return fail('hosted-origin', `the issuer's verificationProperty ${JSON.stringify(property)} is not supported (only id is)`);
  const allowedOrigins = strings(policy?.allowedOrigins).map((origin) => origin.toLowerCase());
  const startsWith = strings(policy?.startsWith);

  if (!allowedOrigins.length && !startsWith.length) {
    const issuerId = idOf(issuer.id);
    if (!isHttpUrl(issuerId)) return fail('hosted-origin', `the issuer's id ${issuerId ?? '(none)'} has no origin to host assertions on`);
    const issuerHost = new URL(issuerId).host;
    return host === issuerHost
      ? pass('hosted-origin', `hosted on the issuer's own host ${host}`)
      : fail('hosted-origin', `hosted on ${host}, not on the issuer's host ${issuerHost}`);
  }
  if (allowedOrigins.length && !allowedOrigins.includes(host)) return fail('hosted-origin', `hosted on ${host}, which is not among the issuer's allowedOrigins (${allowedOrigins.join(', ')})`);
  if (startsWith.length && !startsWith.some((prefix) => withinPrefix(assertionId, prefix))) {
    return fail('hosted-origin', `${assertionId} does not start with any of the issuer's startsWith prefixes (${startsWith.join(', ')})`);
  }
  return pass('hosted-origin', `within the hosting scope the issuer's profile declares`);
}

// A prefix such as "https://example.org" would also match "https://example.org.attacker.test/…": when
// the prefix is a URL, the host must be the same too.
function withinPrefix(id: string, prefix: string): boolean {
  if (!id.startsWith(prefix)) return false;
  return !isHttpUrl(prefix) || new URL(prefix).host === new URL(id).host;
}

// The validity period, the same for both formats: OB 2.0 says issuedOn/expires, OB 3.0 validFrom/
// validUntil (VC 1.1 credentials: issuanceDate/expirationDate).
import { fail, pass, type Check } from './report';

// Both specs want a time zone: without one, the same text is a different instant in each verifier.
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;

/** Milliseconds since the epoch, or undefined when the value is not an ISO 8601 date-time with a time zone. */
export function parseDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export function checkIssued(property: string, value: unknown, now: Date): Check {
  if (value === undefined) return fail('issued', `no ${property}`);
  const issued = parseDateTime(value);
  if (issued === undefined) return fail('issued', `${property} is not an ISO 8601 date-time with a time zone`);
  if (issued > now.getTime()) return fail('issued', `issued in the future (${String(value)})`);
  return pass('issued', `issued ${String(value)}`);
}

export function checkExpiry(property: string, value: unknown, issuedOn: unknown, now: Date): Check {
  if (value === undefined) return pass('expiry', 'does not expire');
  const expires = parseDateTime(value);
  if (expires === undefined) return fail('expiry', `${property} is not an ISO 8601 date-time with a time zone`);
  const issued = parseDateTime(issuedOn);
  if (issued !== undefined && expires < issued) return fail('expiry', `expires (${String(value)}) before it was issued`);
  if (expires <= now.getTime()) return fail('expiry', `expired ${String(value)}`);
  return pass('expiry', `valid until ${String(value)}`);
}

// Who an Authorization header stands for: the API key's record, its secret checked against the keyed
// hash, not revoked, not expired. Run by the API key authorizer (once per key per cache period).
import { cityKeys } from './city-secret';
import { getApiKey, touchApiKey } from '../data/api-keys';
import { hashKeyId, parseApiKey, secretMatches, type Principal } from '../domain/api-keys';
import { DomainError } from '../domain/errors';

const LAST_USED_INTERVAL_MS = 5 * 60 * 1000;

const unauthenticated = (detail: string) => new DomainError('unauthenticated', detail);

export interface AuthenticatedKey {
  principal: Principal;
  validUntil?: string;
}

/** Throws DomainError 'unauthenticated' with a reason the caller may read. */
export async function authenticateKey(authorization: string | undefined, now = new Date()): Promise<AuthenticatedKey> {
  if (!authorization) throw unauthenticated('This route needs an API key: send Authorization: Bearer <key>');
  const [scheme, token] = authorization.split(' ');
  const parsed = scheme?.toLowerCase() === 'bearer' && token ? parseApiKey(token) : undefined;
  if (!parsed) throw unauthenticated('The Authorization header does not hold an API key of this city (Bearer col_…)');
  const record = await getApiKey(parsed.prefix);
  if (!record || !secretMatches(parsed.secret, record.secretHash, await cityKeys('api-key-hashes', [hashKeyId(record.secretHash)]))) {
    throw unauthenticated('The API key is not valid');
  }
  if (record.revokedAt) throw unauthenticated('The API key has been revoked');
  if (record.validUntil && Date.parse(record.validUntil) <= now.getTime()) throw unauthenticated('The API key has expired');
  await touchApiKey(record.prefix, now, LAST_USED_INTERVAL_MS);
  return {
    principal: { role: record.role, ...(record.providerId !== undefined ? { providerId: record.providerId } : {}), scopes: record.scopes, keyPrefix: record.prefix },
    ...(record.validUntil !== undefined ? { validUntil: record.validUntil } : {}),
  };
}

// The API keys group's service: issuing keys (one shape for provider keys and for the first city-admin
// key that the admin-key command makes, so both are stored the same way), revoking them, and the audit
// log of writes.
import { cityKeys } from '../auth/city-secret';
import { putApiKey, revokeApiKey as markRevoked } from '../data/api-keys';
import { listAuditEntries } from '../data/audit';
import { generateApiKey, type ApiKeyRecord } from '../domain/api-keys';
import { readPage, type PageRequest } from '../http/pagination';
import { requireProvider } from '../services/providers';

export async function issueApiKey(owner: Pick<ApiKeyRecord, 'role' | 'providerId' | 'scopes' | 'label' | 'validUntil'>, now: Date) {
  const key = generateApiKey(await cityKeys('api-key-hashes'));
  const record: ApiKeyRecord = { ...owner, prefix: key.prefix, secretHash: key.secretHash, createdAt: now.toISOString() };
  await putApiKey(record);
  const { secretHash: _hash, ...shown } = record;
  return { ...shown, key: key.token };
}

/** A key for one provider, which must exist; each scope once. */
export async function issueProviderKey(providerId: string, request: Pick<ApiKeyRecord, 'label' | 'scopes' | 'validUntil'>, now: Date) {
  await requireProvider(providerId, `Issuer "${providerId}"`);
  return issueApiKey({ role: 'provider', providerId, ...request, scopes: [...new Set(request.scopes)] }, now);
}

/** Revokes at once; revoking twice is a conflict. */
export const revokeApiKey = (prefix: string, now: Date) => markRevoked(prefix, now);

/** The audit log, newest first, a month at a time (default: the month of `now`), in signed-cursor pages. */
export async function auditMonth(month: string | undefined, page: PageRequest, now: Date) {
  const shown = month ?? now.toISOString().slice(0, 7);
  return { month: shown, ...(await readPage(`audit:${shown}`, page, (limit, start) => listAuditEntries(shown, limit, start))) };
}

// Issuing an API key: one shape for provider keys (here) and the first city-admin key (the admin-key
// command), so both are stored the same way.
import { cityKey } from '../auth/city-secret';
import { putApiKey } from '../data/api-keys';
import { generateApiKey, type ApiKeyRecord } from '../domain/api-keys';

export async function issueApiKey(owner: Pick<ApiKeyRecord, 'role' | 'providerId' | 'scopes' | 'label' | 'validUntil'>, now: Date) {
  const key = generateApiKey(await cityKey('api-key-hashes'));
  const record: ApiKeyRecord = { ...owner, prefix: key.prefix, secretHash: key.secretHash, createdAt: now.toISOString() };
  await putApiKey(record);
  const { secretHash: _hash, ...shown } = record;
  return { ...shown, key: key.token };
}

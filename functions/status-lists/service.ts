// The status lists group's service: a provider's revocation list, built from its revoked awards on each
// read and signed with the city key under the provider's issuer profile.
import { readCity } from '../../definitions/city-env';
import { allocatedIndices, revokedIndices } from '../data/awards';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { signCredential } from '../domain/credentials/sign';
import { buildStatusListCredential, encodedRevocationList } from '../domain/credentials/status-list';
import { issuerUrls, statusListUrl } from '../domain/openbadges/issuer';
import { requireProvider } from '../services/providers';
import { citySigner } from '../signing/city-key';

const { baseUrl } = readCity();
const loader = createDocumentLoader();

export async function signedRevocationList(providerId: string) {
  const [provider, revoked, allocated] = await Promise.all([
    requireProvider(providerId, `Status list of issuer "${providerId}"`),
    revokedIndices(providerId),
    allocatedIndices(providerId),
  ]);
  const issuer = issuerUrls(baseUrl, provider.id).v3;
  const credential = buildStatusListCredential({
    id: statusListUrl(baseUrl, provider.id),
    issuer,
    // Not "now": a verifier that started a moment before this list was built must not find it not yet valid.
    validFrom: provider.createdAt,
    encodedList: encodedRevocationList(allocated, revoked),
  });
  return signCredential(credential, await citySigner(issuer), loader);
}

// Route group "statusLists": each provider's revocation list, a BitstringStatusListCredential signed
// with the city key under that provider's issuer profile. Built from the revoked awards on each read and
// cached briefly: a revocation shows within that time.
import { readCity } from '../../definitions/city-env';
import { allocatedIndices, revokedIndices } from '../data/awards';
import { getProvider } from '../data/providers';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { signCredential } from '../domain/credentials/sign';
import { buildStatusListCredential, createStatusList, encodeList, setStatus, STATUS_LIST_BITS } from '../domain/credentials/status-list';
import { notFound } from '../domain/errors';
import { issuerUrls, statusListUrl } from '../domain/openbadges/issuer';
import { dispatch } from '../http/dispatch';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { citySigner } from '../signing/city-key';
import { contract } from './contract';

const { baseUrl } = readCity();
const loader = createDocumentLoader();

const get = httpRoute(contract['GET /status-lists/{issuerId}'], async ({ params }) => {
  const [provider, revoked, allocated] = await Promise.all([
    getProvider(params.issuerId),
    revokedIndices(params.issuerId),
    allocatedIndices(params.issuerId),
  ]);
  if (!provider) throw notFound(`Status list of issuer "${params.issuerId}"`);
  // At least the spec's minimum, and long enough for every index handed out, in whole minimums.
  const list = createStatusList(Math.max(1, Math.ceil(allocated / STATUS_LIST_BITS)) * STATUS_LIST_BITS);
  for (const index of revoked) setStatus(list, index, true);
  const issuer = issuerUrls(baseUrl, provider.id).v3;
  const credential = buildStatusListCredential({
    id: statusListUrl(baseUrl, provider.id),
    issuer,
    // Not "now": a verifier that started a moment before this list was built must not find it not yet valid.
    validFrom: provider.createdAt,
    encodedList: encodeList(list),
  });
  const signed = await signCredential(credential, await citySigner(issuer), loader);
  return json(signed, { cacheSeconds: 60, headers: { 'content-type': 'application/ld+json; charset=utf-8' } });
});

export const handler = dispatch('statusLists', { 'GET /status-lists/{issuerId}': get });

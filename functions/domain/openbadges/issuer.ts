// A provider's public issuer documents: the Open Badges 2.0 Issuer (hosted JSON-LD) and the Open Badges
// 3.0 Profile. Pure: the caller gives the city's public base URL.
import type { Provider } from '../providers';
import { CONTEXTS } from '../credentials/context-urls';
import { buildControllerDocument } from '../credentials/controller-document';

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export const issuerUrls = (baseUrl: string, providerId: string) => {
  const v2 = `${baseUrl}/issuers/${encodeURIComponent(providerId)}`;
  return { v2, v3: `${v2}/profile` };
};

/** The provider's revocation list (a BitstringStatusListCredential it issues). */
export const statusListUrl = (baseUrl: string, providerId: string) => `${baseUrl}/status-lists/${encodeURIComponent(providerId)}`;

export function issuerV2(provider: Provider, baseUrl: string) {
  return {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: issuerUrls(baseUrl, provider.id).v2,
    name: provider.name,
    url: provider.url,
    email: provider.email,
    ...(provider.description ? { description: provider.description } : {}),
    ...(provider.imageUrl ? { image: provider.imageUrl } : {}),
  };
}

/**
 * The OB 3.0 Profile is also the controller document of the city's signing key: verifiers dereference
 * the proof's verification method and require its controller to be the credential's issuer. With
 * [did-v1, multikey-v1, ob-v3p0] as contexts it expands cleanly in JSON-LD safe mode. It lists every key the
 * city publishes (the active one and the kept ones), each as a verification method for assertions.
 */
export function profileV3(provider: Provider, baseUrl: string, publicKeys: readonly string[]) {
  const controller = buildControllerDocument(issuerUrls(baseUrl, provider.id).v3, publicKeys);
  return {
    ...controller,
    '@context': [CONTEXTS.didV1, CONTEXTS.multikeyV1, CONTEXTS.openBadgesV3],
    type: ['Profile'],
    name: provider.name,
    url: provider.url,
    email: provider.email,
    ...(provider.description ? { description: provider.description } : {}),
    ...(provider.imageUrl ? { image: { id: provider.imageUrl, type: 'Image' } } : {}),
  };
}

import type { Provider } from '../domain/providers';
import { issuerUrls } from '../domain/openbadges/issuer';

/** A provider as its managers see it: the stored profile plus its public URLs. */
export const presentProvider = (provider: Provider, baseUrl: string) => {
  const urls = issuerUrls(baseUrl, provider.id);
  return { ...provider, links: { issuer: urls.v2, profile: urls.v3 } };
};

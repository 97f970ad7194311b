import type * as z from 'zod/mini';
import type { Provider } from '../domain/providers';
import { issuerUrls } from '../domain/openbadges/issuer';
import type { ProviderJsonSchema } from './contract';

/** A provider as its managers see it: the stored profile plus its public URLs. */
export const presentProvider = (provider: Provider, baseUrl: string): z.output<typeof ProviderJsonSchema> => {
  const urls = issuerUrls(baseUrl, provider.id);
  return { ...provider, links: { issuer: urls.v2, profile: urls.v3 } };
};

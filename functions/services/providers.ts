// The city's providers (the organisations that issue badges), as every group's service reaches them:
// issuers (their profiles), badge classes, API keys and status lists all start from "which provider?".
import { getProvider } from '../data/providers';
import { notFound } from '../domain/errors';
import type { Provider } from '../domain/providers';

export { createProvider, updateProvider } from '../data/providers';

/** The provider, or undefined; for callers whose answer to "no such provider" is not a 404. */
export const findProvider = (providerId: string): Promise<Provider | undefined> => getProvider(providerId);

/** The provider, or a 404 naming `what` (the resource as the caller asked for it, e.g. `Issuer "x"`). */
export async function requireProvider(providerId: string, what: string): Promise<Provider> {
  const provider = await getProvider(providerId);
  if (!provider) throw notFound(what);
  return provider;
}

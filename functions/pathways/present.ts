// Pathways as the API answers them: the stored fields with their URLs.
import type * as z from 'zod/mini';
import { issuerUrls } from '../domain/openbadges/issuer';
import type { Pathway, PathwayCard, PathwayVersion } from '../domain/pathways';
import type { ManagedPathwaySchema, PathwayJsonSchema, PathwayResultSchema } from './contract';

export const pathwayUrls = (baseUrl: string, id: string) => {
  const page = `${baseUrl}/pathways/${id}`;
  return { page, ctdl: `${page}/ctdl`, draft: `${page}/draft`, version: (n: number) => `${page}/versions/${n}` };
};

export function presentPathway(pathway: Pathway, version: PathwayVersion, baseUrl: string): z.output<typeof PathwayJsonSchema> {
  const urls = pathwayUrls(baseUrl, pathway.id);
  return {
    id: pathway.id,
    url: urls.page,
    status: pathway.status === 'archived' ? 'archived' : 'published',
    ...(pathway.providerId ? { provider: { id: pathway.providerId, url: issuerUrls(baseUrl, pathway.providerId).v2 } } : {}),
    ...version,
    links: { page: urls.page, ctdl: urls.ctdl, version: urls.version(version.version) },
  };
}

export function presentManaged(pathway: Pathway, baseUrl: string): z.output<typeof ManagedPathwaySchema> {
  const urls = pathwayUrls(baseUrl, pathway.id);
  return { ...pathway, url: urls.page, links: { page: urls.page, draft: urls.draft, ctdl: urls.ctdl } };
}

export const presentCard = (card: PathwayCard, baseUrl: string): z.output<typeof PathwayResultSchema> => ({ ...card, url: pathwayUrls(baseUrl, card.id).page });

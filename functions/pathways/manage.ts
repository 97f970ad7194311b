// Provider routes: draft, change, publish and archive pathways.
import { readCity } from '../../definitions/city-env';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './contract';
import { presentManaged } from './present';
import { archive, changeDraft, createPathway, draftPathway, publish } from './service';

const { baseUrl } = readCity();

export const create = authenticatedRoute(contract['POST /pathways'], async ({ body, principal }) => {
  const presented = presentManaged(await createPathway(body, principal, new Date()), baseUrl);
  return json(presented, { status: 201, headers: { location: presented.links.draft } });
});

export const draft = authenticatedRoute(contract['GET /pathways/{pathwayId}/draft'], async ({ params, principal }) => json(presentManaged(await draftPathway(params.pathwayId, principal), baseUrl)));

export const change = authenticatedRoute(contract['PATCH /pathways/{pathwayId}'], async ({ params, body, principal }) =>
  json(presentManaged(await changeDraft(params.pathwayId, body, principal, new Date()), baseUrl)),
);

export const publishRoute = authenticatedRoute(contract['POST /pathways/{pathwayId}/publish'], async ({ params, principal }) =>
  json(presentManaged(await publish(params.pathwayId, principal, new Date()), baseUrl)),
);

export const archiveRoute = authenticatedRoute(contract['POST /pathways/{pathwayId}/archive'], async ({ params, principal }) =>
  json(presentManaged(await archive(params.pathwayId, principal, new Date()), baseUrl)),
);

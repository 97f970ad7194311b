// Provider routes: publish, change, cancel and list opportunities.
import { readCity } from '../../definitions/city-env';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './publishing-contract';
import { presentOpportunity } from './present';
import { cleanBadgeImage } from '../domain/badge-images';
import { cancelOpportunity, changeOpportunity, createOpportunity, providerOpportunities, setOpportunityImage } from './service';

const { baseUrl } = readCity();

export const create = authenticatedRoute(contract['POST /opportunities'], async ({ body, principal }) => {
  const presented = presentOpportunity(await createOpportunity(body, principal, new Date()), baseUrl);
  return json(presented, { status: 201, headers: { location: presented.url } });
});

export const change = authenticatedRoute(contract['PATCH /opportunities/{opportunityId}'], async ({ params, body, principal }) =>
  json(presentOpportunity(await changeOpportunity(params.opportunityId, body, principal, new Date()), baseUrl)),
);

export const cancel = authenticatedRoute(contract['POST /opportunities/{opportunityId}/cancel'], async ({ params, principal }) =>
  json(presentOpportunity(await cancelOpportunity(params.opportunityId, principal, new Date()), baseUrl)),
);

// The same cleaning as a badge class's image: parsed, not trusted, and rebuilt from what draws it.
export const replaceImage = authenticatedRoute(contract['PUT /opportunities/{opportunityId}/image'], async ({ params, raw, event, principal }) => {
  const image = cleanBadgeImage(raw, event.headers['content-type'] ?? '');
  return json(presentOpportunity(await setOpportunityImage(params.opportunityId, image, principal, new Date()), baseUrl));
});

export const listByProvider = authenticatedRoute(contract['GET /issuers/{issuerId}/opportunities'], async ({ params, query, principal }) => {
  const page = await providerOpportunities(params.issuerId, query, principal);
  return json({ ...page, items: page.items.map((opportunity) => presentOpportunity(opportunity, baseUrl)) });
});

import { readCity } from '../../definitions/city-env';
import { createProvider } from '../services/providers';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './contract';
import { presentProvider } from './present';

const { baseUrl } = readCity();

export const create = authenticatedRoute(contract['POST /issuers'], async ({ body }) => {
  const provider = await createProvider(body, new Date());
  const presented = presentProvider(provider, baseUrl);
  return json(presented, { status: 201, headers: { location: presented.links.issuer } });
});

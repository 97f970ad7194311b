import { readCity } from '../city/env';
import { createProvider } from '../data/providers';
import { NewProviderSchema } from '../domain/providers';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { presentProvider } from './present';

const { baseUrl } = readCity();

export const create = authenticatedRoute({ body: NewProviderSchema, idempotent: true }, async ({ body }) => {
  const provider = await createProvider(body, new Date());
  const presented = presentProvider(provider, baseUrl);
  return json(presented, { status: 201, headers: { location: presented.links.issuer } });
});

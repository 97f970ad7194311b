import { readCity } from '../../definitions/city-env';
import { updateProvider } from '../services/providers';
import { assertActsFor } from '../domain/ownership';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './contract';
import { presentProvider } from './present';

const { baseUrl } = readCity();

export const update = authenticatedRoute(contract['PATCH /issuers/{issuerId}'], async ({ params, body, principal }) => {
  assertActsFor(principal, params.issuerId, `Issuer "${params.issuerId}"`);
  return json(presentProvider(await updateProvider(params.issuerId, body, new Date()), baseUrl));
});

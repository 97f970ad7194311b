import * as z from 'zod/mini';
import { readCity } from '../city/env';
import { updateProvider } from '../data/providers';
import { assertActsFor } from '../domain/ownership';
import { ProviderUpdateSchema } from '../domain/providers';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { presentProvider } from './present';
import { IssuerParams } from './schemas';

const { baseUrl } = readCity();

const UpdateBody = ProviderUpdateSchema.check(
  z.refine((changes) => Object.values(changes).some((value) => value !== undefined), 'must change at least one field'),
);

export const update = authenticatedRoute({ params: IssuerParams, body: UpdateBody }, async ({ params, body, principal }) => {
  assertActsFor(principal, params.issuerId, `Issuer "${params.issuerId}"`);
  return json(presentProvider(await updateProvider(params.issuerId, body, new Date()), baseUrl));
});

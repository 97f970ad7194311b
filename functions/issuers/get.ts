import { readCity } from '../../definitions/city-env';
import { getProvider } from '../data/providers';
import { notFound } from '../domain/errors';
import { issuerV2, profileV3 } from '../domain/openbadges/issuer';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { cityPublicKeyMultibase } from '../signing/city-key';
import { contract } from './contract';

const { baseUrl } = readCity();
const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };

async function provider(issuerId: string) {
  const found = await getProvider(issuerId);
  if (!found) throw notFound(`Issuer "${issuerId}"`);
  return found;
}

export const getV2 = httpRoute(contract['GET /issuers/{issuerId}'], async ({ params }) =>
  json(issuerV2(await provider(params.issuerId), baseUrl), { cacheSeconds: 300, headers: LD_JSON }),
);

export const getV3 = httpRoute(contract['GET /issuers/{issuerId}/profile'], async ({ params }) =>
  json(profileV3(await provider(params.issuerId), baseUrl, await cityPublicKeyMultibase()), { cacheSeconds: 300, headers: LD_JSON }),
);

import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { issuerProfileV2, issuerProfileV3 } from './service';

const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };

export const getV2 = httpRoute(contract['GET /issuers/{issuerId}'], async ({ params }) =>
  json(await issuerProfileV2(params.issuerId), { cacheSeconds: 300, headers: LD_JSON }),
);

export const getV3 = httpRoute(contract['GET /issuers/{issuerId}/profile'], async ({ params }) =>
  json(await issuerProfileV3(params.issuerId), { cacheSeconds: 300, headers: LD_JSON }),
);

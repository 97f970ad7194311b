// Route group "statusLists": each provider's revocation list, a BitstringStatusListCredential signed
// with the city key under that provider's issuer profile. Built on each read and cached briefly: a
// revocation shows within that time.
import { dispatch } from '../http/dispatch';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { signedRevocationList } from './service';

const get = httpRoute(contract['GET /status-lists/{issuerId}'], async ({ params }) =>
  json(await signedRevocationList(params.issuerId), { cacheSeconds: 60, headers: { 'content-type': 'application/ld+json; charset=utf-8' } }),
);

export const handler = dispatch('statusLists', { 'GET /status-lists/{issuerId}': get });

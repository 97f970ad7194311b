// Route group "portal": the city's home page, and the scripts and styles its pages use.
import { dispatch } from '../http/dispatch';
import { httpRoute } from '../http/route';
import { asset } from './assets';
import { contract } from './contract';
import { home } from './home';

const assets = httpRoute(contract['GET /assets/{asset}'], async ({ params }) => {
  const { body, contentType } = asset(params.asset);
  return { statusCode: 200, headers: { 'content-type': contentType, 'cache-control': 'public, max-age=86400' }, body };
});

export const handler = dispatch('portal', { 'GET /': home, 'GET /assets/{asset}': assets });

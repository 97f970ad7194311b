// Route group "badges": an award's public URLs. They are read by anyone, often: one GetItem each, and
// cacheable for a short while (a revocation shows within that time). A revoked award's assertion URL
// answers as OB 2.0 hosted verification says: 410 Gone with {id, revoked: true, revocationReason};
// its page answers 410 too, saying so, so that browsers, link checkers and people all read the same.
import { readCity } from '../../definitions/city-env';
import { getAward } from '../data/awards';
import { awardUrls } from '../domain/awards';
import { IMAGE_CONTENT_SECURITY_POLICY } from '../../definitions/security-headers';
import { IMAGE_CONTENT_TYPES } from '../domain/badge-images';
import { notFound } from '../domain/errors';
import { OB2_CONTEXT } from '../domain/openbadges/issuer';
import { renderBadgePage } from '../domain/pages/badge-page';
import { dispatch } from '../http/dispatch';
import { prefersHtml } from '../http/negotiate';
import { binary, htmlPage, json, type Reply } from '../http/reply';
import { httpRoute } from '../http/route';
import { getImage } from '../storage/images';
import { contract } from './contract';
import { badgePageModel } from './page-model';

const city = readCity();
const CACHE_SECONDS = 60;

async function award(id: string) {
  const found = await getAward(id);
  if (!found) throw notFound(`Badge ${id}`);
  return found;
}

const page = httpRoute(contract['GET /badges/{awardId}'], async ({ params, event }): Promise<Reply> => {
  const found = await award(params.awardId);
  const options = { status: found.revoked ? 410 : 200, cacheSeconds: CACHE_SECONDS, headers: { vary: 'Accept' } };
  if (prefersHtml(event.headers.accept)) return htmlPage(renderBadgePage(badgePageModel(found, city, new Date())), options);
  const body = found.revoked
    ? { '@context': OB2_CONTEXT, id: awardUrls(city.baseUrl, found.id).assertion, revoked: true, revocationReason: found.revoked.reason }
    : found.assertion;
  return json(body, { ...options, headers: { ...options.headers, 'content-type': 'application/ld+json; charset=utf-8' } });
});

const credential = httpRoute(contract['GET /badges/{awardId}/credential'], async ({ params }) =>
  json((await award(params.awardId)).credential, { cacheSeconds: CACHE_SECONDS, headers: { 'content-type': 'application/ld+json; charset=utf-8' } }),
);

// The baked image never changes once issued (revocation is checked online, not baked in).
const image = httpRoute(contract['GET /badges/{awardId}/image'], async ({ params }) => {
  const found = await award(params.awardId);
  return binary(await getImage(found.image.key), IMAGE_CONTENT_TYPES[found.image.type], {
    cacheSeconds: 86400,
    headers: {
      'content-disposition': `inline; filename="badge-${found.id}.${found.image.type}"`,
      'content-security-policy': IMAGE_CONTENT_SECURITY_POLICY,
    },
  });
});

export const handler = dispatch('badges', {
  'GET /badges/{awardId}': page,
  'GET /badges/{awardId}/credential': credential,
  'GET /badges/{awardId}/image': image,
});

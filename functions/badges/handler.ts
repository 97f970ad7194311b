// Route group "badges": an award's public URLs. They are read by anyone, often: one GetItem each, and
// cacheable for a short while (a revocation shows within that time). A revoked award's assertion URL
// answers as OB 2.0 hosted verification says: 410 Gone with {id, revoked: true, revocationReason};
// its page answers 410 too, saying so, so that browsers, link checkers and people all read the same.
import { readCity } from '../../definitions/city-env';
import { IMAGE_CONTENT_SECURITY_POLICY } from '../../definitions/security-headers';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { publishedAssertion } from '../domain/openbadges/assertion';
import { renderBadgePage } from '../domain/pages/badge-page';
import type { Award } from '../domain/awards';
import { dispatch } from '../http/dispatch';
import { logger } from '../http/logger';
import { prefersHtml } from '../http/negotiate';
import { binary, htmlPage, json, type Reply } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { badgePageModel, type NextOpportunities } from './page-model';
import { bakedImage, pathwaysOf, publicAward as award, shareImage, whatNext } from './service';

const city = readCity();
const CACHE_SECONDS = 60;

/** What next; the badge is what the page is for, so a directory that cannot be read leaves the list empty, logged. */
const suggestions = (found: Award, now: Date): Promise<NextOpportunities> =>
  whatNext(found, now).catch((error: unknown) => {
    logger.warn('what next: the directory could not be read', { error });
    return { opportunities: [], skillIds: [] };
  });

/** The pathways the badge is a step of; likewise none, logged, when they cannot be read. */
const pathways = (found: Award) =>
  pathwaysOf(found).catch((error: unknown) => {
    logger.warn('pathways: the pathways index could not be read', { error });
    return [];
  });

const page = httpRoute(contract['GET /badges/{awardId}'], async ({ params, event }): Promise<Reply> => {
  const found = await award(params.awardId);
  const options = { status: found.revoked ? 410 : 200, cacheSeconds: CACHE_SECONDS, headers: { vary: 'Accept' } };
  if (prefersHtml(event.headers.accept)) {
    const now = new Date();
    const [next, through] = await Promise.all([suggestions(found, now), pathways(found)]);
    return htmlPage(renderBadgePage(badgePageModel(found, city, now, next, through)), options);
  }
  return json(publishedAssertion(found, city.baseUrl), { ...options, headers: { ...options.headers, 'content-type': 'application/ld+json; charset=utf-8' } });
});

const credential = httpRoute(contract['GET /badges/{awardId}/credential'], async ({ params }) =>
  json((await award(params.awardId)).credential, { cacheSeconds: CACHE_SECONDS, headers: { 'content-type': 'application/ld+json; charset=utf-8' } }),
);

// The baked image never changes once issued (revocation is checked online, not baked in).
const image = httpRoute(contract['GET /badges/{awardId}/image'], async ({ params }) => {
  const found = await award(params.awardId);
  return binary(await bakedImage(found), IMAGE_CONTENT_TYPES[found.image.type], {
    cacheSeconds: 86400,
    headers: {
      'content-disposition': `inline; filename="badge-${found.id}.${found.image.type}"`,
      'content-security-policy': IMAGE_CONTENT_SECURITY_POLICY,
    },
  });
});

// Made from the badge class version, which never changes: cached as long as the baked image.
const share = httpRoute(contract['GET /badges/{awardId}/share-image'], async ({ params }) =>
  binary(await shareImage(await award(params.awardId)), 'image/png', {
    cacheSeconds: 86400,
    headers: { 'content-disposition': `inline; filename="badge-${params.awardId}.png"`, 'content-security-policy': IMAGE_CONTENT_SECURITY_POLICY },
  }),
);

export const handler = dispatch('badges', {
  'GET /badges/{awardId}': page,
  'GET /badges/{awardId}/credential': credential,
  'GET /badges/{awardId}/image': image,
  'GET /badges/{awardId}/share-image': share,
});

// Public routes: a badge class as Open Badges 2.0 JSON-LD (current, or as it was at a version), each
// version's image, and a provider's catalogue of badge classes.
import { readCity } from '../../definitions/city-env';
import { IMAGE_CONTENT_TYPES } from '../domain/badge-images';
import { badgeClassV2 } from '../domain/openbadges/badge-class';
import { binary, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { presentBadgeClass } from './present';
import { contract } from './contract';
import { badgeClassVersion, badgeClassVersionImage, currentBadgeClass, providerCatalogue } from './service';

const { baseUrl } = readCity();
const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };
/** Uploaded SVGs are checked, and are still never allowed to run anything when opened on their own. */
export const IMAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" };

export const getCurrent = httpRoute(contract['GET /badge-classes/{badgeClassId}'], async ({ params }) =>
  json(badgeClassV2(await currentBadgeClass(params.badgeClassId), baseUrl, 'current'), { cacheSeconds: 60, headers: LD_JSON }),
);

// A version never changes once written, so it may be cached for long.
export const getVersion = httpRoute(contract['GET /badge-classes/{badgeClassId}/versions/{version}'], async ({ params }) =>
  json(badgeClassV2(await badgeClassVersion(params.badgeClassId, params.version), baseUrl, 'version'), { cacheSeconds: 86400, headers: LD_JSON }),
);

export const getVersionImage = httpRoute(contract['GET /badge-classes/{badgeClassId}/versions/{version}/image'], async ({ params }) => {
  const image = await badgeClassVersionImage(params.badgeClassId, params.version);
  return binary(image.data, IMAGE_CONTENT_TYPES[image.type], { cacheSeconds: 86400, headers: IMAGE_HEADERS });
});

export const listByProvider = httpRoute(contract['GET /issuers/{issuerId}/badge-classes'], async ({ params, query }) => {
  const page = await providerCatalogue(params.issuerId, query);
  return json({ ...page, items: page.items.map((badgeClass) => presentBadgeClass(badgeClass, baseUrl)) }, { cacheSeconds: 60 });
});

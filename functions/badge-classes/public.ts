// Public routes: a badge class as Open Badges 2.0 JSON-LD (current, or as it was at a version), each
// version's image, and a provider's catalogue of badge classes.
import { readCity } from '../../definitions/city-env';
import { getBadgeClass, getBadgeClassVersion, listBadgeClassesByProvider } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import { IMAGE_CONTENT_TYPES } from '../domain/badge-images';
import { notFound } from '../domain/errors';
import { badgeClassV2 } from '../domain/openbadges/badge-class';
import { readPage } from '../http/pagination';
import { binary, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { getImage } from '../storage/images';
import { presentBadgeClass } from './present';
import { contract } from './contract';

const { baseUrl } = readCity();
const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };
/** Uploaded SVGs are checked, and are still never allowed to run anything when opened on their own. */
export const IMAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" };

export const getCurrent = httpRoute(contract['GET /badge-classes/{badgeClassId}'], async ({ params }) => {
  const badgeClass = await getBadgeClass(params.badgeClassId);
  if (!badgeClass) throw notFound(`Badge class ${params.badgeClassId}`);
  return json(badgeClassV2(badgeClass, baseUrl, 'current'), { cacheSeconds: 60, headers: LD_JSON });
});

async function version(id: string, number: number) {
  const badgeClass = await getBadgeClassVersion(id, number);
  if (!badgeClass) throw notFound(`Version ${number} of badge class ${id}`);
  return badgeClass;
}

// A version never changes once written, so it may be cached for long.
export const getVersion = httpRoute(contract['GET /badge-classes/{badgeClassId}/versions/{version}'], async ({ params }) =>
  json(badgeClassV2(await version(params.badgeClassId, params.version), baseUrl, 'version'), { cacheSeconds: 86400, headers: LD_JSON }),
);

export const getVersionImage = httpRoute(contract['GET /badge-classes/{badgeClassId}/versions/{version}/image'], async ({ params }) => {
  const { image } = await version(params.badgeClassId, params.version);
  return binary(await getImage(image.key), IMAGE_CONTENT_TYPES[image.type], { cacheSeconds: 86400, headers: IMAGE_HEADERS });
});

/** A provider's catalogue: its badge classes (current versions, archived ones marked), newest first. */
export const listByProvider = httpRoute(contract['GET /issuers/{issuerId}/badge-classes'], async ({ params, query }) => {
  if (!(await getProvider(params.issuerId))) throw notFound(`Issuer ${params.issuerId}`);
  const page = await readPage(`badge-classes:${params.issuerId}`, query, (limit, start) => listBadgeClassesByProvider(params.issuerId, limit, start));
  return json({ ...page, items: page.items.map((badgeClass) => presentBadgeClass(badgeClass, baseUrl)) }, { cacheSeconds: 60 });
});

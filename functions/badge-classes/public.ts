// Public routes: a badge class as Open Badges 2.0 JSON-LD (current, or as it was at a version), or for
// people its "earn this badge" page; each version's image, and a provider's catalogue of badge classes.
import { readCity } from '../../definitions/city-env';
import { badgeClassUrls } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { badgeClassV2 } from '../domain/openbadges/badge-class';
import { issuerUrls } from '../domain/openbadges/issuer';
import { renderBadgeClassPage } from '../domain/pages/badge-class-page';
import { skillUrl } from '../domain/skills';
import { prefersHtml } from '../http/negotiate';
import { binary, htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { resultView } from '../opportunities/present';
import { pathwayUrls } from '../pathways/present';
import { presentBadgeClass } from './present';
import { contract } from './contract';
import { badgeClassPageView, badgeClassVersion, badgeClassVersionImage, currentBadgeClass, providerCatalogue } from './service';

const city = readCity();
const { baseUrl } = city;
const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };
/** Uploaded SVGs are checked, and are still never allowed to run anything when opened on their own. */
export const IMAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" };

export const getCurrent = httpRoute(contract['GET /badge-classes/{badgeClassId}'], async ({ params, event }) => {
  if (!prefersHtml(event.headers.accept)) {
    return json(badgeClassV2(await currentBadgeClass(params.badgeClassId), baseUrl, 'current'), { cacheSeconds: 60, headers: { ...LD_JSON, vary: 'Accept' } });
  }
  const now = new Date();
  const { badgeClass, provider, spine, opportunities, moreOpportunities, pathways } = await badgeClassPageView(params.badgeClassId, now);
  const urls = badgeClassUrls(baseUrl, badgeClass.id, badgeClass.version);
  const skills = new Map(spine.skills.map((s) => [s.id, s]));
  return htmlPage(
    renderBadgeClassPage({
      city,
      badgeClass,
      url: urls.current,
      imageUrl: urls.image,
      provider: { name: provider?.name ?? badgeClass.issuerId, url: issuerUrls(baseUrl, badgeClass.issuerId).v2 },
      skills: badgeClass.alignments.map((a) => {
        const skill = skills.get(a.skillId);
        const level = a.level && skill?.levels.find((l) => l.id === a.level)?.name;
        return { name: skill?.name ?? a.targetName, url: skillUrl(baseUrl, a.skillId), ...(level ? { level } : {}) };
      }),
      opportunities: opportunities.map((found) => resultView(found, baseUrl, now)),
      moreOpportunities,
      searchUrl: `${baseUrl}/opportunities?badgeClass=${encodeURIComponent(badgeClass.id)}`,
      pathways: pathways.map((p) => ({ name: p.name, url: pathwayUrls(baseUrl, p.id).page })),
    }),
    { cacheSeconds: 60, headers: { vary: 'Accept' } },
  );
});

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

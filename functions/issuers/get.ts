import { readCity } from '../../definitions/city-env';
import { badgeClassUrls } from '../domain/badge-classes';
import { issuerUrls } from '../domain/openbadges/issuer';
import { renderProviderPage } from '../domain/pages/provider-page';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { resultView } from '../opportunities/present';
import { contract } from './contract';
import { issuerProfileV2, issuerProfileV3, providerPageView } from './service';

const city = readCity();
const { baseUrl } = city;
const LD_JSON = { 'content-type': 'application/ld+json; charset=utf-8' };

/** The issuer's URL: its Open Badges 2.0 profile for machines, as before; for people, the provider's page. */
export const getV2 = httpRoute(contract['GET /issuers/{issuerId}'], async ({ params, event }) => {
  if (!prefersHtml(event.headers.accept)) return json(await issuerProfileV2(params.issuerId), { cacheSeconds: 300, headers: { ...LD_JSON, vary: 'Accept' } });
  const now = new Date();
  const { provider, badgeClasses, upcoming, moreUpcoming } = await providerPageView(params.issuerId, now);
  const urls = issuerUrls(baseUrl, provider.id);
  return htmlPage(
    renderProviderPage({
      city,
      provider,
      url: urls.v2,
      profileUrl: urls.v3,
      upcoming: upcoming.map((found) => resultView(found, baseUrl, now)),
      moreUpcoming,
      searchUrl: `${baseUrl}/opportunities?provider=${encodeURIComponent(provider.id)}`,
      badges: badgeClasses.map((c) => {
        const classUrls = badgeClassUrls(baseUrl, c.id, c.version);
        return { name: c.name, url: classUrls.current, imageUrl: classUrls.image, description: c.description };
      }),
    }),
    { cacheSeconds: 60, headers: { vary: 'Accept' } },
  );
});

export const getV3 = httpRoute(contract['GET /issuers/{issuerId}/profile'], async ({ params }) =>
  json(await issuerProfileV3(params.issuerId), { cacheSeconds: 300, headers: LD_JSON }),
);

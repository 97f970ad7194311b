// Route group "profiles": the public profiles learners share (the badges they chose, with the display
// name they chose or none). Its own group, apart from the passport's signed-in routes, because an
// employer opening a shared link is a cold start on a public read: this function loads neither the
// learner session, the S3 client nor the zip writer of the passport's download, and can only read.
import { readCity } from '../../definitions/city-env';
import { awardUrls } from '../domain/awards';
import { renderProfilePage } from '../domain/pages/passport-pages';
import { dispatch } from '../http/dispatch';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { publicProfile } from '../services/passport';
import { contract } from './profile-contract';

const city = readCity();
const { baseUrl } = city;

const profile = httpRoute(contract['GET /profiles/{profileId}'], async ({ params, event }) => {
  const shared = await publicProfile(params.profileId, new Date());
  // Never cached: stopping sharing takes effect at once, also at CloudFront.
  if (!prefersHtml(event.headers.accept)) {
    return json({
      ...(shared.displayName ? { displayName: shared.displayName } : {}),
      badges: shared.badges.map((b) => ({ id: b.id, name: b.name, description: b.description, provider: b.providerName, issuedOn: b.issuedOn, url: awardUrls(baseUrl, b.id).page })),
    });
  }
  return htmlPage(
    renderProfilePage({
      city,
      url: `${baseUrl}/profiles/${params.profileId}`,
      ...(shared.displayName ? { displayName: shared.displayName } : {}),
      badges: shared.badges.map((b) => ({ ...b, pageUrl: awardUrls(baseUrl, b.id).page, imageUrl: awardUrls(baseUrl, b.id).image })),
    }),
  );
});

export const handler = dispatch('profiles', {
  'GET /profiles/{profileId}': profile,
});

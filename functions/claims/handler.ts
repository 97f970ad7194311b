// Route group "claims": the pages a learner reaches by scanning a claim code (or typing it), and the
// claim itself, for a signed-in learner.
import { readCity } from '../../definitions/city-env';
import { CSRF_FIELD, readLearner } from '../auth/learner-session';
import { CLAIM_CODE_LENGTH } from '../domain/claim-codes';
import { DomainError, invalid } from '../domain/errors';
import { renderClaimPage, renderClaimResult, renderEnterCodePage, type ClaimBadge } from '../domain/pages/claim-page';
import { dispatch } from '../http/dispatch';
import { learnerRoute, seeOther, signInUrl } from '../http/learner-route';
import { htmlPage } from '../http/reply';
import { httpRoute } from '../http/route';
import { claimantAddress, claimBadge, claimOffer, type ClaimOffer } from '../services/claiming';
import { contract } from './contract';

const city = readCity();
const enterUrl = `${city.baseUrl}/claim`;
const claimPath = (code: string) => `/claim/${code}`;

const UNAVAILABLE: Record<Exclude<ClaimOffer['state'], 'active'>, string> = {
  revoked: 'This code has been withdrawn by its provider',
  expired: 'This code has expired',
  'used-up': 'This code has been used up',
  archived: 'This badge can no longer be claimed',
};

const badgeOf = (offer: ClaimOffer): ClaimBadge => ({
  name: offer.badgeClass.name,
  description: offer.badgeClass.description,
  imageUrl: `${city.baseUrl}/badge-classes/${offer.badgeClass.id}/versions/${offer.badgeClass.version}/image`,
  providerName: offer.providerName,
});

const enter = httpRoute(contract['GET /claim'], async ({ query }) => {
  if (query.code === undefined) return htmlPage(renderEnterCodePage({ city, url: enterUrl }));
  const code = query.code.toLowerCase().replace(/[\s-]+/g, '');
  if (code.length !== CLAIM_CODE_LENGTH || !/^[a-z2-7]+$/.test(code)) {
    throw invalid([{ in: 'query', field: 'code', detail: `must be ${CLAIM_CODE_LENGTH} letters and digits (2 to 7), as printed under the QR code` }]);
  }
  return seeOther(`${city.baseUrl}${claimPath(code)}`);
});

const view = httpRoute(contract['GET /claim/{code}'], async ({ params, event }) => {
  const offer = await claimOffer(params.code, new Date());
  const learner = await readLearner(event);
  const url = `${city.baseUrl}${claimPath(params.code)}`;
  return htmlPage(
    renderClaimPage({
      city,
      url,
      badge: badgeOf(offer),
      label: offer.set.label,
      forGuardians: offer.set.forGuardians,
      ...(offer.state !== 'active' ? { unavailable: UNAVAILABLE[offer.state] } : {}),
      viewer: learner ? { kind: 'signed-in', csrf: { name: CSRF_FIELD, value: learner.csrfToken } } : { kind: 'anonymous', signInUrl: signInUrl(claimPath(params.code)) },
    }),
  { headers: { vary: 'Cookie' } },
  );
});

const claim = learnerRoute(contract['POST /claim/{code}'], async ({ params, learner, requestId }) => {
  const now = new Date();
  const offer = await claimOffer(params.code, now);
  if (offer.set.forGuardians) throw new DomainError('forbidden', 'This code is for a parent or guardian to claim for their child, from the child’s account page');
  const outcome = await claimBadge(params.code, { email: await claimantAddress(learner.account.id), asGuardian: false }, now, requestId);
  return htmlPage(
    renderClaimResult({
      city,
      badge: badgeOf(offer),
      status: outcome.status,
      badgeUrl: `${city.baseUrl}/badges/${outcome.awardId}`,
      walletUrl: `${city.baseUrl}/wallet/badges/${outcome.awardId}`,
    }),
  );
});

export const handler = dispatch('claims', {
  'GET /claim': enter,
  'GET /claim/{code}': view,
  'POST /claim/{code}': claim,
});

// Route group "claims": the pages a learner reaches by scanning a claim code (or typing it), and the
// claim itself, for a signed-in learner.
import { readCity } from '../../definitions/city-env';
import { CSRF_FIELD, readLearner, type SignedInLearner } from '../auth/learner-session';
import { CLAIM_CODE_LENGTH } from '../domain/claim-codes';
import { DomainError, invalid } from '../domain/errors';
import { renderClaimPage, renderClaimResult, renderEnterCodePage, type ClaimBadge } from '../domain/pages/claim-page';
import { dispatch } from '../http/dispatch';
import { learnerRoute, seeOther, signInUrl } from '../http/learner-route';
import { htmlPage } from '../http/reply';
import { httpRoute } from '../http/route';
import { claimBadge, claimOffer, type Claimant, type ClaimOffer } from '../services/claiming';
import { guardiansChildren } from '../services/guardian-children';
import { claimantAddress } from '../services/learner-addresses';
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
      viewer: learner
        ? {
            kind: 'signed-in',
            csrf: { name: CSRF_FIELD, value: learner.csrfToken },
            ...(offer.set.forGuardians && offer.state === 'active' ? { children: (await guardiansChildren(learner.account.id)).map(({ id, label }) => ({ id, label })) } : {}),
          }
        : { kind: 'anonymous', signInUrl: signInUrl(claimPath(params.code)) },
    }),
  { headers: { vary: 'Cookie' } },
  );
});

/**
 * Who this claim is for: the signed-in learner themself (an under-13 waiting for their guardian gets
 * the use held until the guardian agrees), or for a `forGuardians` code, one of the children whose
 * guardian the learner is (held too while that child waits for the guardian's consent).
 */
async function claimantFor(offer: ClaimOffer, learner: SignedInLearner, form: URLSearchParams): Promise<{ claimant: Claimant; forChild: boolean }> {
  const { account } = learner;
  if (!offer.set.forGuardians) {
    if (account.status !== 'active' && account.status !== 'awaiting-consent') throw new DomainError('forbidden', 'Choose your age group on your account page first');
    const holdFor = account.status === 'awaiting-consent' ? { holdFor: account.id } : {};
    return { claimant: { email: await claimantAddress(account.id), asGuardian: false, ...holdFor }, forChild: false };
  }
  // Claiming it for oneself (no child chosen) is refused outright; a child who is not theirs is a wrong field.
  if (account.status !== 'active' || !form.get('child')) throw new DomainError('forbidden', 'This code is for a parent or guardian to claim for their child');
  const child = (await guardiansChildren(account.id)).find((c) => c.id === form.get('child'));
  if (!child) throw invalid([{ in: 'body', field: 'child', detail: 'Choose your child: this code is for a parent or guardian to claim for them' }]);
  const holdFor = child.status === 'awaiting-consent' ? { holdFor: child.id } : {};
  return { claimant: { email: await claimantAddress(child.id), asGuardian: true, ...holdFor }, forChild: true };
}

const claim = learnerRoute(
  contract['POST /claim/{code}'],
  async ({ params, learner, form, requestId }) => {
    const now = new Date();
    const offer = await claimOffer(params.code, now);
    const { claimant, forChild } = await claimantFor(offer, learner, form);
    const outcome = await claimBadge(params.code, claimant, now, requestId);
    const awardId = outcome.status === 'held-for-consent' ? undefined : outcome.awardId;
    return htmlPage(
      renderClaimResult({
        city,
        badge: badgeOf(offer),
        status: outcome.status,
        forChild,
        ...(awardId ? { badgeUrl: `${city.baseUrl}/badges/${awardId}`, walletUrl: `${city.baseUrl}/wallet/badges/${awardId}` } : {}),
      }),
    );
  },
  // An under-13 waiting for their guardian may scan: the claim is held for them (claimantFor).
  { inactive: true },
);

export const handler = dispatch('claims', {
  'GET /claim': enter,
  'GET /claim/{code}': view,
  'POST /claim/{code}': claim,
});

// Route group "wallet": OpenID for Verifiable Credential Issuance 1.0 (the Pre-Authorized Code Flow)
// for learners' badges: the metadata a wallet reads, the token, nonce and credential endpoints it calls,
// and the learner's pages that make an offer for one of their badges.
import { readCity } from '../../definitions/city-env';
import { csrfField } from '../auth/learner-session';
import type { Award } from '../domain/awards';
import { authorizationServerMetadata, credentialIssuerMetadata } from '../domain/wallet/protocol';
import { OAuthError } from '../domain/wallet/errors';
import { renderWalletOffer, renderWalletStart, type WalletBadge } from '../domain/pages/wallet-page';
import { dispatch } from '../http/dispatch';
import { learnerRoute } from '../http/learner-route';
import { problemReply } from '../http/problem';
import { htmlPage, json, type Reply } from '../http/reply';
import { httpRoute } from '../http/route';
import { exchangePreAuthorizedCode, freshNonce, issueHolderCredential, makeWalletOffer, ownAward } from '../services/wallet';
import { contract } from './contract';

const city = readCity();
const METADATA_SECONDS = 300;

/** A protocol error as the city answers every error (problem+json), with OAuth's `error` fields in it. */
async function oauth(event: { rawPath: string; requestContext: { requestId: string } }, work: () => Promise<Reply>): Promise<Reply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const reply = problemReply(
      { status: error.status, detail: error.description, instance: event.rawPath, requestId: event.requestContext.requestId },
      error.status === 401 ? { 'www-authenticate': `Bearer error="${error.code}"` } : {},
    );
    return { ...reply, body: JSON.stringify({ ...(JSON.parse(reply.body as string) as object), error: error.code, error_description: error.description }) };
  }
}

const issuerMetadata = httpRoute(contract['GET /.well-known/openid-credential-issuer'], async () =>
  json(credentialIssuerMetadata(city.baseUrl, { name: city.branding.displayName, logoUrl: city.branding.logoUrl, primaryColour: city.branding.primaryColour }), { cacheSeconds: METADATA_SECONDS }),
);

const serverMetadata = httpRoute(contract['GET /.well-known/oauth-authorization-server'], async () => json(authorizationServerMetadata(city.baseUrl), { cacheSeconds: METADATA_SECONDS }));

const token = httpRoute(contract['POST /wallet/token'], async ({ raw, event }) =>
  oauth(event, async () => json(await exchangePreAuthorizedCode(new URLSearchParams(raw.toString('utf8')), new Date()))),
);

const nonce = httpRoute(contract['POST /wallet/nonce'], async () => json(await freshNonce(new Date())));

const credential = httpRoute(contract['POST /wallet/credential'], async ({ body, event }) =>
  oauth(event, async () => json(await issueHolderCredential(event.headers.authorization, body, new Date()))),
);

const walletBadge = (award: Award): WalletBadge => {
  const credential = award.credential as { issuer: { name: string }; credentialSubject: { achievement: { name: string; image: { id: string } } } };
  return { name: credential.credentialSubject.achievement.name, providerName: credential.issuer.name, imageUrl: credential.credentialSubject.achievement.image.id, badgeUrl: `${city.baseUrl}/badges/${award.id}` };
};

const pageUrl = (awardId: string) => `${city.baseUrl}/wallet/badges/${awardId}`;

const start = learnerRoute(contract['GET /wallet/badges/{awardId}'], async ({ params, learner }) => {
  const award = await ownAward(params.awardId, learner.account.id, new Date());
  return htmlPage(renderWalletStart({ city, url: pageUrl(award.id), badge: walletBadge(award), csrf: csrfField(learner) }));
});

const offer = learnerRoute(contract['POST /wallet/badges/{awardId}'], async ({ params, learner }) => {
  const made = await makeWalletOffer(params.awardId, learner.account.id, new Date(), { txCode: false });
  return htmlPage(await renderWalletOffer({ city, url: pageUrl(made.award.id), badge: walletBadge(made.award), offerUri: made.uri, validUntil: made.validUntil, txCodeSent: false }));
});

export const handler = dispatch('wallet', {
  'GET /.well-known/openid-credential-issuer': issuerMetadata,
  'GET /.well-known/oauth-authorization-server': serverMetadata,
  'POST /wallet/token': token,
  'POST /wallet/nonce': nonce,
  'POST /wallet/credential': credential,
  'GET /wallet/badges/{awardId}': start,
  'POST /wallet/badges/{awardId}': offer,
});

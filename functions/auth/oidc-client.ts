// The city as a plain OpenID Connect client (openid-client, certified; tokens checked with jose through
// it): authorization code flow with PKCE (S256), state and nonce, the ID token's signature, issuer,
// audience, expiry and nonce checked, for the Cognito user pool in AWS and the local provider alike.
// Discovery runs once per container. Only a provider on this machine may be plain http.
import * as oidc from 'openid-client';
import { readCity } from '../../definitions/city-env';
import { LEARNER_SCOPES, OIDC_CLIENT_ID_ENV, OIDC_ISSUER_ENV, signInCallbackPath } from '../../definitions/learner-sign-in';
import { requiredEnv } from '../env';

const issuer = new URL(requiredEnv(OIDC_ISSUER_ENV));
const clientId = requiredEnv(OIDC_CLIENT_ID_ENV);
const { baseUrl } = readCity();
export const redirectUri = `${baseUrl}${signInCallbackPath}`;
const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);

let configuration: Promise<oidc.Configuration> | undefined;

function provider(): Promise<oidc.Configuration> {
  configuration ??= oidc
    .discovery(issuer, clientId, { token_endpoint_auth_method: 'none' }, oidc.None(), local ? { execute: [oidc.allowInsecureRequests] } : {})
    .catch((error: unknown) => {
      configuration = undefined; // a provider that was down is asked again by the next request
      // Answered 503 with Retry-After (functions/http/problem.ts): the provider is down, not the request wrong.
      throw Object.assign(new Error('The sign-in provider could not be reached', { cause: error }), { name: 'ServiceUnavailable' });
    });
  return configuration;
}

export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A new sign-in: where to send the browser, and the secrets to keep until it comes back. */
export async function startSignIn(): Promise<SignInStart> {
  const config = await provider();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: LEARNER_SCOPES.join(' '),
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Always a fresh code: a provider session left on a shared computer signs nobody in.
    prompt: 'login',
  });
  return { url: url.href, state, nonce, codeVerifier };
}

export interface SignedInIdentity {
  issuer: string;
  subject: string;
  email: string;
}

/** The identity the provider vouches for, from the callback URL; throws on anything not exactly right. */
export async function finishSignIn(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedInIdentity> {
  const config = await provider();
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  // Cognito has sent email_verified as the string "true" in some tokens.
  if (!claims || typeof claims.email !== 'string' || (claims.email_verified !== true && claims.email_verified !== 'true')) {
    throw new Error('The ID token has no verified email address');
  }
  return { issuer: claims.iss, subject: claims.sub, email: claims.email };
}

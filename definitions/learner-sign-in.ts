// How learners sign in: an OpenID Connect provider (the city's Amazon Cognito user pool in AWS,
// oidc-provider on the local city: local/oidc.ts) and the city as one public client of it
// (authorization code + PKCE). The functions granted `signsInLearners` get these. Pure data.

/** The provider's issuer URL (discovery at <issuer>/.well-known/openid-configuration). */
export const OIDC_ISSUER_ENV = 'OIDC_ISSUER';
/** The city's app client id. */
export const OIDC_CLIENT_ID_ENV = 'OIDC_CLIENT_ID';
/**
 * The user pool whose users a function may delete (`cognito-idp:AdminDeleteUser`, nothing else): the
 * functions granted `deletesSignInUsers` get it. Locally the provider serves the same call
 * (local/oidc.ts), reached through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
 */
export const LEARNER_USER_POOL_ID_ENV = 'LEARNER_USER_POOL_ID';
/** The local provider's stand-in for the pool's id. */
export const localUserPoolId = (cityId: string) => `local_city-${cityId}-learners`;

/** The app client's name: the user pool client's, and the local provider's client id. */
export const learnerClientName = (cityId: string) => `city-${cityId}-learners`;

/** Where the provider sends the learner back, and where it may send them after signing out. */
export const signInCallbackPath = '/sign-in/callback';
export const signedOutPath = '/';

/** What the city asks for: the learner's verified email address, nothing else. */
export const LEARNER_SCOPES = ['openid', 'email'] as const;

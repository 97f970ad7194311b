// OpenID for Verifiable Credential Issuance 1.0 (final), as this city speaks it: the Pre-Authorized Code
// Flow, one credential configuration (an Open Badges 3.0 OpenBadgeCredential as `ldp_vc`, secured with
// a Data Integrity proof, eddsa-rdfc-2022), key proofs of type `jwt` bound to a did:key or did:jwk. The
// city is both the Credential Issuer and its own Authorization Server; its identifier is its base URL.
// Field names are the specification's; see docs/wallets.md for the choices made.
import { CONTEXTS } from '../credentials/context-urls';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const CREDENTIAL_CONFIGURATION_ID = 'OpenBadgeCredential';
export const PROOF_TYP = 'openid4vci-proof+jwt';
/** JOSE algorithms a wallet may sign its key proof with: Ed25519 and P-256, the two wallets use. */
export const PROOF_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256'] as const;
export const BINDING_METHODS = ['did:key', 'did:jwk'] as const;

/** A pre-authorized code lives this long: long enough to open a wallet and scan, short enough to be stale if photographed. */
export const OFFER_SECONDS = 600;
/** An access token is good for one credential request, within this time. */
export const ACCESS_TOKEN_SECONDS = 300;
/** A c_nonce is fresh for this long. */
export const NONCE_SECONDS = 300;
/** Wrong transaction codes before the offer is withdrawn (the specification's "transaction code guessing"). */
export const MAX_TX_CODE_FAILURES = 5;
export const TX_CODE_LENGTH = 6;

export const endpoints = (baseUrl: string) => ({
  issuer: baseUrl,
  token: `${baseUrl}/wallet/token`,
  nonce: `${baseUrl}/wallet/nonce`,
  credential: `${baseUrl}/wallet/credential`,
});

export interface IssuerDisplay {
  name: string;
  logoUrl?: string;
  primaryColour: string;
}

/** Credential Issuer Metadata (section 12.2), served at /.well-known/openid-credential-issuer. */
export function credentialIssuerMetadata(baseUrl: string, display: IssuerDisplay) {
  const urls = endpoints(baseUrl);
  return {
    credential_issuer: urls.issuer,
    credential_endpoint: urls.credential,
    nonce_endpoint: urls.nonce,
    display: [{ name: display.name, locale: 'en', ...(display.logoUrl ? { logo: { uri: display.logoUrl, alt_text: `${display.name} logo` } } : {}) }],
    credential_configurations_supported: {
      [CREDENTIAL_CONFIGURATION_ID]: {
        format: 'ldp_vc',
        cryptographic_binding_methods_supported: [...BINDING_METHODS],
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
        credential_definition: {
          '@context': [CONTEXTS.credentialsV2, CONTEXTS.openBadgesV3],
          type: ['VerifiableCredential', 'OpenBadgeCredential'],
        },
        credential_metadata: {
          display: [{ name: 'Open Badge', locale: 'en', description: `A badge issued through ${display.name}`, background_color: display.primaryColour, text_color: '#FFFFFF' }],
        },
      },
    },
  };
}

/** OAuth 2.0 Authorization Server Metadata (RFC 8414) with the pre-authorized grant only, anonymous. */
export function authorizationServerMetadata(baseUrl: string) {
  const urls = endpoints(baseUrl);
  return {
    issuer: urls.issuer,
    token_endpoint: urls.token,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}

/** A Credential Offer (section 4.1.1) for one award, by value. */
export function credentialOffer(baseUrl: string, preAuthorizedCode: string, txCode?: { description: string }) {
  return {
    credential_issuer: baseUrl,
    credential_configuration_ids: [CREDENTIAL_CONFIGURATION_ID],
    grants: {
      [PRE_AUTHORIZED_GRANT]: {
        'pre-authorized_code': preAuthorizedCode,
        ...(txCode ? { tx_code: { input_mode: 'numeric', length: TX_CODE_LENGTH, description: txCode.description } } : {}),
      },
    },
  };
}

/** The offer as a wallet deep link, and what the QR code holds. */
export const credentialOfferUri = (offer: object) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;

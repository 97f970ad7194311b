// A wallet, written from OpenID for Verifiable Credential Issuance 1.0 (final) and nothing of the
// city's code: it takes a Credential Offer (section 4.1, by value or by reference), reads the Credential
// Issuer Metadata at the well-known path formed as section 12.2.2 says and the Authorization Server
// Metadata (RFC 8414), sends the Token Request of the Pre-Authorized Code Flow (section 6.1), fetches a
// c_nonce (section 7), makes a `jwt` key proof (Appendix F.1) with its own Ed25519 key and asks the
// Credential Endpoint (section 8) for the credential. Each step checks what the specification requires
// of the answer, so a city that strays fails here.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { expect } from 'vitest';

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface CredentialOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants?: Record<string, { 'pre-authorized_code'?: string; tx_code?: { input_mode?: string; length?: number; description?: string } }>;
}

/** Section 4.1: the offer from an `openid-credential-offer://` URI, by value or by reference. */
export async function resolveOffer(uri: string): Promise<CredentialOffer> {
  const url = new URL(uri);
  expect(url.protocol).toBe('openid-credential-offer:');
  const byValue = url.searchParams.get('credential_offer');
  const byReference = url.searchParams.get('credential_offer_uri');
  expect(Number(byValue !== null) + Number(byReference !== null), 'exactly one of credential_offer and credential_offer_uri').toBe(1);
  if (byValue) return JSON.parse(byValue) as CredentialOffer;
  const response = await fetch(byReference!);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as CredentialOffer;
}

/** Section 12.2.2: `/.well-known/openid-credential-issuer` goes between the host and the path of the identifier. */
export const wellKnown = (identifier: string, suffix: string) => {
  const url = new URL(identifier);
  return `${url.origin}/.well-known/${suffix}${url.pathname === '/' ? '' : url.pathname}`;
};

/** did:jwk of a public key: base64url of its JSON (the wallet's own idea of its DID, to compare with the credential's). */
export const didJwkOf = (jwk: JWK) => `did:jwk:${Buffer.from(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })).toString('base64url')}`;

export interface Wallet {
  holder: string;
  proof: (audience: string, nonce: string | undefined, options?: { typ?: string; iat?: number }) => Promise<string>;
}

export async function newWallet(): Promise<Wallet> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(publicKey);
  return {
    holder: didJwkOf(jwk),
    // Appendix F.1: typ openid4vci-proof+jwt, the key in `jwk`; aud the issuer, iat, nonce; no iss (anonymous pre-authorized access).
    proof: (audience, nonce, options = {}) =>
      new SignJWT(nonce === undefined ? {} : { nonce })
        .setProtectedHeader({ alg: 'EdDSA', typ: options.typ ?? 'openid4vci-proof+jwt', jwk })
        .setAudience(audience)
        .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
        .sign(privateKey),
  };
}

export interface Issuance {
  offer: CredentialOffer;
  metadata: Record<string, any>;
  token: { access_token: string; token_type: string; expires_in?: number };
  credential: Record<string, any>;
}

/** The whole Pre-Authorized Code Flow for the offer's first credential configuration. */
export async function receiveCredential(offerUri: string, wallet: Wallet, options: { txCode?: string } = {}): Promise<Issuance> {
  const offer = await resolveOffer(offerUri);
  expect(offer.credential_configuration_ids.length).toBeGreaterThan(0);
  const grant = offer.grants?.[PRE_AUTHORIZED];
  expect(grant?.['pre-authorized_code'], 'a pre-authorized code').toEqual(expect.any(String));

  const metadata = (await (await fetch(wellKnown(offer.credential_issuer, 'openid-credential-issuer'))).json()) as Record<string, any>;
  // Section 12.2.4: the metadata must name the very identifier it was fetched for.
  expect(metadata.credential_issuer).toBe(offer.credential_issuer);
  const configurationId = offer.credential_configuration_ids[0]!;
  const configuration = metadata.credential_configurations_supported[configurationId];
  expect(configuration, `metadata describes ${configurationId}`).toBeDefined();
  expect(configuration.proof_types_supported.jwt.proof_signing_alg_values_supported).toContain('EdDSA');
  expect(configuration.cryptographic_binding_methods_supported).toContain('did:jwk');

  const authorizationServer = metadata.authorization_servers?.[0] ?? offer.credential_issuer;
  const server = (await (await fetch(wellKnown(authorizationServer, 'oauth-authorization-server'))).json()) as Record<string, any>;
  expect(server.issuer).toBe(authorizationServer);
  expect(server.grant_types_supported).toContain(PRE_AUTHORIZED);
  expect(server['pre-authorized_grant_anonymous_access_supported']).toBe(true);

  const form = new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': grant!['pre-authorized_code']! });
  if (grant!.tx_code) form.set('tx_code', options.txCode ?? '');
  const tokenResponse = await fetch(server.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const token = (await tokenResponse.json()) as Issuance['token'] & { error?: string };
  expect(tokenResponse.status, `token: ${JSON.stringify(token)}`).toBe(200);
  expect(tokenResponse.headers.get('cache-control')).toMatch(/no-store/);
  expect(token.token_type.toLowerCase()).toBe('bearer');

  const nonceResponse = await fetch(metadata.nonce_endpoint, { method: 'POST' });
  expect(nonceResponse.status).toBe(200);
  expect(nonceResponse.headers.get('cache-control')).toMatch(/no-store/);
  const { c_nonce } = (await nonceResponse.json()) as { c_nonce: string };

  const response = await fetch(metadata.credential_endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [await wallet.proof(offer.credential_issuer, c_nonce)] } }),
  });
  const answer = (await response.json()) as { credentials?: { credential: Record<string, any> }[]; error?: string };
  expect(response.status, `credential: ${JSON.stringify(answer).slice(0, 300)}`).toBe(200);
  // Section 8.3: one credential per key proof; ldp_vc credentials are JSON objects, never re-encoded.
  expect(answer.credentials).toHaveLength(1);
  const credential = answer.credentials![0]!.credential;
  expect(typeof credential).toBe('object');
  return { offer, metadata, token, credential };
}

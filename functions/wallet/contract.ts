// What the wallet routes take and answer: OID4VCI 1.0's metadata, token, nonce and credential
// endpoints (field names are the specification's), and the learner's pages that make an offer.
import * as z from 'zod/mini';
import { awardId } from '../domain/awards';
import { FORM_BODY, HtmlPage, jsonResponse, type GroupContract } from '../http/contract';

const AwardParams = z.object({ awardId });
const url = z.url();

const IssuerMetadataSchema = z
  .looseObject({
    credential_issuer: url,
    credential_endpoint: url,
    nonce_endpoint: url,
    display: z.array(z.looseObject({ name: z.string(), locale: z.string() })),
    credential_configurations_supported: z.record(
      z.string(),
      z.looseObject({
        format: z.literal('ldp_vc'),
        cryptographic_binding_methods_supported: z.array(z.string()),
        credential_signing_alg_values_supported: z.array(z.string()),
        proof_types_supported: z.object({ jwt: z.object({ proof_signing_alg_values_supported: z.array(z.string()) }) }),
        credential_definition: z.object({ '@context': z.array(z.string()), type: z.array(z.string()) }),
      }),
    ),
  })
  .check(z.meta({ id: 'CredentialIssuerMetadata', description: 'OID4VCI 1.0 Credential Issuer Metadata (section 12.2)' }));

const AuthorizationServerMetadataSchema = z
  .looseObject({
    issuer: url,
    token_endpoint: url,
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    'pre-authorized_grant_anonymous_access_supported': z.boolean(),
  })
  .check(z.meta({ id: 'AuthorizationServerMetadata', description: 'RFC 8414 metadata: the pre-authorized code grant, anonymous' }));

/** The credential request (section 8.2): checked field by field by the service, so each fault gets OID4VCI's own error code. */
const CredentialRequestSchema = z
  .looseObject({
    credential_configuration_id: z.optional(z.string().check(z.maxLength(200))),
    credential_identifier: z.optional(z.string().check(z.maxLength(200))),
    proofs: z.optional(z.looseObject({ jwt: z.optional(z.array(z.string().check(z.maxLength(16_384))).check(z.maxLength(10))) })),
  })
  .check(z.meta({ id: 'CredentialRequest', description: 'OID4VCI credential request: credential_configuration_id OpenBadgeCredential and one jwt key proof' }));

const TOKEN_FORM = { contentTypes: ['application/x-www-form-urlencoded'], maxBytes: 4096 } as const;

export const contract = {
  'GET /.well-known/openid-credential-issuer': {
    response: jsonResponse('What this city issues to wallets and where', IssuerMetadataSchema),
  },
  'GET /.well-known/oauth-authorization-server': {
    response: jsonResponse('The token endpoint and the grant it takes', AuthorizationServerMetadataSchema),
  },
  'POST /wallet/token': {
    rawBody: TOKEN_FORM,
    response: jsonResponse(
      'An access token for one credential. Errors are problem+json carrying the OAuth `error` and `error_description`',
      z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.int() }),
    ),
  },
  'POST /wallet/nonce': {
    response: jsonResponse('A fresh c_nonce for the key proof (five minutes)', z.object({ c_nonce: z.string() })),
  },
  'POST /wallet/credential': {
    body: CredentialRequestSchema,
    maxBodyBytes: 64 * 1024,
    response: jsonResponse(
      "The award's OB 3.0 credential, its subject the proof key's DID, signed again by the issuer. Errors carry OID4VCI's `error` codes",
      z.object({ credentials: z.array(z.object({ credential: z.record(z.string(), z.unknown()) })) }),
    ),
  },
  'GET /wallet/badges/{awardId}': {
    params: AwardParams,
    response: { status: 200, description: 'The page that sends one of your badges to your wallet', content: { 'text/html': HtmlPage } },
  },
  'POST /wallet/badges/{awardId}': {
    params: AwardParams,
    rawBody: FORM_BODY,
    response: { status: 200, description: 'A single-use wallet offer for the badge: QR code and openid-credential-offer:// link', content: { 'text/html': HtmlPage } },
  },
} satisfies GroupContract<'wallet'>;

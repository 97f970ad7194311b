// The wallet protocol's errors: OAuth 2.0's (RFC 6749 section 5.2, RFC 6750 section 3) at the token and
// credential endpoints, with OID4VCI's codes for credential requests. They are answered as RFC 9457
// problem+json like every error of the city, carrying `error` and `error_description` as members, so a
// wallet reading the OAuth fields finds them (functions/wallet/handler.ts).
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_token'
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'unknown_credential_identifier'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'credential_request_denied';

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 = code === 'invalid_token' ? 401 : 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

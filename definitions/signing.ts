// Where the city's Ed25519 signing key is: a KMS key in AWS (it never leaves KMS), a PEM locally.
export const SIGNING_KEY_ID_ENV = 'SIGNING_KEY_ID';
export const SIGNING_KEY_PEM_ENV = 'SIGNING_KEY_PEM';

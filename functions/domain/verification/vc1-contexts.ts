// The JSON-LD contexts of Open Badges 3.0 credentials built on VC Data Model 1.1 (most OB 3.0 badges
// issued so far): the VC 1.1 context, the OB 3.0 context's earlier editions (3.0.0 at context.json,
// 3.0.1, 3.0.2), the Bitstring Status List context VC 1.1 credentials add, and the Ed25519Signature2020
// suite context their proofs name. Only verification reads them, so they stay out of the signing
// Lambdas' bundles. Copies of the published documents, taken from the npm context packages listed
// in test/fixtures/openbadges/README.md (credentials-context@2.0.0, @digitalcredentials/
// open-badges-context@3.0.0, @digitalbazaar/vc-bitstring-status-list-context@1.1.0,
// ed25519-signature-2020-context@1.1.0); never fetched.
import bitstringStatusListV1 from './contexts/bitstring-status-list-v1.json';
import credentialsV1 from './contexts/credentials-v1.json';
import ed25519Signature2020V1 from './contexts/ed25519-signature-2020-v1.json';
import openBadgesV300 from './contexts/ob-v3p0-3.0.0.json';
import openBadgesV301 from './contexts/ob-v3p0-3.0.1.json';
import openBadgesV302 from './contexts/ob-v3p0-3.0.2.json';

export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export const VC1_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  [VC_V1_CONTEXT, credentialsV1],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', openBadgesV300],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', openBadgesV301],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', openBadgesV302],
  ['https://www.w3.org/ns/credentials/status/v1', bitstringStatusListV1],
  ['https://w3id.org/security/suites/ed25519-2020/v1', ed25519Signature2020V1],
]);

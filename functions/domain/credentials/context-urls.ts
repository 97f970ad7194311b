// The JSON-LD context URLs that credentials and profiles name. Apart from the loader that bundles
// their documents, so that naming a context does not pull the documents into a bundle.
export const CONTEXTS = {
  credentialsV2: 'https://www.w3.org/ns/credentials/v2',
  openBadgesV3: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  /** Defines the 1EdTech* types (e.g. `1EdTechJsonSchemaValidator2019`) that the OB context leaves out. */
  openBadgesExtensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  dataIntegrityV2: 'https://w3id.org/security/data-integrity/v2',
  multikeyV1: 'https://w3id.org/security/multikey/v1',
  didV1: 'https://www.w3.org/ns/did/v1',
} as const;

// The documents a verifier dereferences to check an issuer's proof: the verification method the proof
// names (a Multikey), and its controller, which must be the credential's issuer and must list the
// method under `assertionMethod`.
import { CONTEXTS } from './context-urls';
import type { ResolveDocument } from './document-loader';

export interface MultikeyVerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface ControllerDocument {
  '@context': string[];
  id: string;
  verificationMethod: MultikeyVerificationMethod[];
  assertionMethod: string[];
}

/**
 * The key's id is the controller's URL with the key as fragment (`…/issuer#z6Mk…`), as the 1EdTech
 * fixtures do: the 1EdTech validator reads the public key straight from that fragment.
 */
export const verificationMethodId = (controller: string, publicKeyMultibase: string) => `${controller}#${publicKeyMultibase}`;

// did-v1 first: jsonld-signatures reads such a document as it is, where any other first context makes
// it JSON-LD-frame the document against the security context on every verification. multikey-v1
// because the Multikey library refuses a key document without it.
const CONTROLLER_CONTEXT = [CONTEXTS.didV1, CONTEXTS.multikeyV1];

/** The controller document publishing `publicKeys` (one, or every key its credentials may name), each for assertions. */
export function buildControllerDocument(controller: string, publicKeys: string | readonly string[]): ControllerDocument {
  const methods = (typeof publicKeys === 'string' ? [publicKeys] : publicKeys).map((publicKeyMultibase) => ({
    id: verificationMethodId(controller, publicKeyMultibase),
    type: 'Multikey' as const,
    controller,
    publicKeyMultibase,
  }));
  return {
    '@context': CONTROLLER_CONTEXT,
    id: controller,
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
  };
}

/** Serves a controller document at its id, and each of its keys at the key's own id. */
export function controllerDocumentResolver(document: ControllerDocument): ResolveDocument {
  const byUrl = new Map<string, object>([[document.id, document]]);
  for (const method of document.verificationMethod) byUrl.set(method.id, { '@context': document['@context'], ...method });
  return async (url) => byUrl.get(url);
}

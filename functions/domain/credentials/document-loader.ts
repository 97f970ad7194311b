// The JSON-LD document loader that signing and verifying use. It never fetches: the contexts an
// Open Badges 3.0 credential needs are bundled (JSON copies, so esbuild puts them in the Lambda), and
// our own URLs (the issuer's key documents, status lists) come from an injected resolver, because
// where they live differs between AWS and the local city. A URL neither knows is an error, so a
// credential can never make the signer or the verifier reach out to a URL it names.
import credentialsV2 from './contexts/credentials-v2.json';
import dataIntegrityV2 from './contexts/data-integrity-v2.json';
import didV1 from './contexts/did-v1.json';
import multikeyV1 from './contexts/multikey-v1.json';
import openBadgesV3 from './contexts/ob-v3p0-3.0.3.json';
import openBadgesExtensions from './contexts/ob-v3p0-extensions.json';
import { CONTEXTS } from './context-urls';


const bundled: ReadonlyMap<string, object> = new Map<string, object>([
  [CONTEXTS.credentialsV2, credentialsV2],
  [CONTEXTS.openBadgesV3, openBadgesV3],
  [CONTEXTS.openBadgesExtensions, openBadgesExtensions],
  [CONTEXTS.dataIntegrityV2, dataIntegrityV2],
  [CONTEXTS.multikeyV1, multikeyV1],
  [CONTEXTS.didV1, didV1],
]);

/** The URLs served from the bundled copies. */
export const bundledContextUrls = (): string[] => [...bundled.keys()];

/** What jsonld and the Data Integrity libraries expect a document loader to answer. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Answers one of our own URLs with its document, or undefined when the URL is not ours. */
export type ResolveDocument = (url: string) => Promise<object | undefined>;

export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(`No document for ${url}: only bundled JSON-LD contexts and the platform's own documents are loaded, never fetched`);
    this.name = 'UnknownDocumentError';
  }
}

export function createDocumentLoader(options: { resolve?: ResolveDocument } = {}): DocumentLoader {
  const { resolve } = options;
  return async (url) => {
    const document = bundled.get(url) ?? (await resolve?.(url));
    if (document === undefined) throw new UnknownDocumentError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}

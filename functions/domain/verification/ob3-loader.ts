// The JSON-LD document loader a credential from any issuer is verified with. Contexts come only from
// the bundle (the signing loader's, and the VC 1.1-era ones in vc1-contexts.ts), never from the network: a context served by a third party could change what signed data
// means after it was signed. Key documents are fetched, but only those the credential's proofs name
// (and their controllers), so that a credential cannot send the verifier to arbitrary URLs. A did:key
// document is derived from the DID itself.
import { buildControllerDocument, controllerDocumentResolver } from '../credentials/controller-document';
import type { DocumentLoader } from '../credentials/document-loader';
import type { VerifyContext } from './context';
import { asList, asObject, idOf, type Json } from './json';
import { VC1_CONTEXTS } from './vc1-contexts';

const documentPart = (url: string) => url.split('#')[0]!;

// The verification method URL of each of the credential's proofs.
const proofMethods = (credential: Json): string[] =>
  asList(credential.proof).flatMap((proof) => {
    const method = idOf(asObject(proof)?.verificationMethod);
    return method === undefined ? [] : [method];
  });

export function credentialLoader(credential: Json, context: Pick<VerifyContext, 'fetchJson' | 'createDocumentLoader'>): DocumentLoader {
  const fetchable = new Set(proofMethods(credential).map(documentPart));
  return context.createDocumentLoader({
    resolve: async (url) => {
      const vc1Context = VC1_CONTEXTS.get(url);
      if (vc1Context) return vc1Context;
      if (url.startsWith('did:key:')) return didKeyDocument(url);
      const documentUrl = documentPart(url);
      if (!fetchable.has(documentUrl)) throw new Error(`${url} is neither a bundled JSON-LD context nor a key document the credential's proof names`);
      const document = await context.fetchJson(documentUrl);
      const node = url === documentUrl ? document : keyNode(document, url);
      if (!node) throw new Error(`${documentUrl} does not publish ${url}`);
      // The proof purpose check reads the key's controller document next.
      const controller = idOf(node.controller);
      if (controller !== undefined) fetchable.add(documentPart(controller));
      return node;
    },
  });
}

// A controller document lists its keys under verificationMethod (or embeds them in assertionMethod);
// a key may also be served on its own at its id.
function keyNode(document: Json, id: string): Json | undefined {
  if (idOf(document.id) === id) return document;
  const method = [...asList(document.verificationMethod), ...asList(document.assertionMethod)].map(asObject).find((node) => idOf(node?.id) === id);
  return method && { '@context': document['@context'], ...method };
}

// did:key:z6Mk… is an Ed25519 public key (multicodec 0xed01, base58btc): the same document our own
// issuers publish, with the DID as controller.
async function didKeyDocument(url: string): Promise<object | undefined> {
  const did = documentPart(url);
  const key = did.slice('did:key:'.length);
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(key)) throw new Error(`${did} is not an Ed25519 did:key, the only kind supported`);
  return controllerDocumentResolver(buildControllerDocument(did, key))(url);
}

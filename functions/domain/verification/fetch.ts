// Everything a badge points at (hosted assertions, badge classes, issuer profiles, keys, revocation and
// status lists) comes through one injected function: the handler decides where documents come from
// (the city's own table, or the guarded fetcher for everyone else's), this module only asks for URLs
// and words what a report may say about a URL that gave no document.
import { MAX_JSON_DEPTH, nestsTooDeeply } from '../json-depth';
import { asObject, isHttpUrl, type Json } from './json';

export interface FetchedDocument {
  contentType: string;
  body: Buffer;
}

/** Answers a URL's document, or throws (preferably a FetchDocumentError). */
export type FetchDocument = (url: string) => Promise<FetchedDocument>;

/**
 * Why a URL gave no document. `status` is the HTTP status when the server answered (404, 410…), absent
 * when it did not (time-out, refused, too large). A 410 on a hosted assertion means revoked, and its
 * `body` may say why.
 */
export class FetchDocumentError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: Buffer,
  ) {
    super(message);
    this.name = 'FetchDocumentError';
  }
}

/** The one reason a report gives when a URL gave no answer at all. */
export const couldNotFetch = (url: string) => `could not fetch ${url}`;

/** A JSON object at a URL; throws FetchDocumentError, whose message names the URL. */
export type FetchJson = (url: string) => Promise<Json>;

// A badge needs a handful (assertion, badge class, issuer, keys, lists); a badge naming hundreds of
// proofs or status lists must not turn one verification into hundreds of requests.
const MAX_DOCUMENTS = 32;

/**
 * Only http(s) URLs, without their fragment, each fetched once per verification: a badge names the same
 * documents several times (an issuer profile that is also its key's controller), and one fetch means
 * every check judges the same copy.
 */
export function jsonFetcher(fetchDocument: FetchDocument): FetchJson {
  const fetched = new Map<string, Promise<Json>>();
  return (url) => {
    const documentUrl = url.split('#')[0]!;
    let document = fetched.get(documentUrl);
    if (!document) {
      document =
        fetched.size < MAX_DOCUMENTS
          ? fetchJsonObject(fetchDocument, documentUrl)
          : Promise.reject(new FetchDocumentError(`${documentUrl} was not fetched: one badge may name at most ${MAX_DOCUMENTS} documents`));
      fetched.set(documentUrl, document);
    }
    return document;
  };
}

async function fetchJsonObject(fetchDocument: FetchDocument, url: string): Promise<Json> {
  if (!isHttpUrl(url)) throw new FetchDocumentError(`${url} is not an HTTP(S) URL`);
  let fetched: FetchedDocument;
  try {
    fetched = await fetchDocument(url);
  } catch (error) {
    // Built here from the status alone, whatever the fetcher's message: a report may say that a host
    // answered 404, never why a URL could not be fetched (refused, closed port, time-out), which would
    // tell a caller what answers on an address it cannot reach itself.
    const { status, body } = error instanceof FetchDocumentError ? error : {};
    throw new FetchDocumentError(status !== undefined ? `${url} answered HTTP ${status}` : couldNotFetch(url), status, body);
  }
  let json: unknown;
  const text = fetched.body.toString('utf8');
  if (nestsTooDeeply(text)) throw new FetchDocumentError(`${url} answered JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    json = JSON.parse(text);
  } catch {
    throw new FetchDocumentError(`${url} did not answer JSON`);
  }
  const object = asObject(json);
  if (!object) throw new FetchDocumentError(`${url} did not answer a JSON object`);
  return object;
}

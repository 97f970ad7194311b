// How POST /verify reads the documents a badge names (hosted assertions, badge classes, issuer
// profiles, keys, status lists). The city's own URLs are read from its own table (own-documents.ts);
// every other URL goes through the guarded fetcher, which refuses anything but public addresses on
// the default ports (or those the city config allows). What verification learns of a failure is only
// the HTTP status a public host answered, never why a URL could not be fetched.
import { VERIFY_ALLOWED_PORTS_ENV } from '../../definitions/city-env';
import { FetchDocumentError, type FetchDocument } from '../domain/verification';
import { guardedFetch, type GuardedFetch } from '../net/guarded-fetch';
import { isOwnUrl, ownDocument } from './service';

const ACCEPT = 'application/ld+json, application/json';

export interface DocumentSources {
  isOwnUrl: (url: string) => boolean;
  ownDocument: (url: string) => Promise<object | undefined>;
  fetch: GuardedFetch;
  allowedPorts: readonly number[];
}

export function documentFetcher(sources: DocumentSources): FetchDocument {
  return async (url) => {
    if (sources.isOwnUrl(url)) {
      const document = await sources.ownDocument(url);
      if (document === undefined) throw new FetchDocumentError(`${url} answered HTTP 404`, 404);
      return { contentType: 'application/ld+json', body: Buffer.from(JSON.stringify(document)) };
    }
    const response = await sources.fetch(url, { accept: ACCEPT, allowedPorts: sources.allowedPorts }).catch(() => {
      throw new FetchDocumentError(`could not fetch ${url}`);
    });
    if (response.status < 200 || response.status > 299) throw new FetchDocumentError(`${url} answered HTTP ${response.status}`, response.status, response.body);
    return { contentType: response.contentType, body: response.body };
  };
}

/** The city config's verify.allowedPorts, as cityEnvironment passes them. */
export const allowedPorts = (value: string | undefined): number[] => (value ? value.split(',').map(Number) : []);

export const fetchDocument = documentFetcher({ isOwnUrl, ownDocument, fetch: guardedFetch, allowedPorts: allowedPorts(process.env[VERIFY_ALLOWED_PORTS_ENV]) });

// Stands in for @digitalbazaar/http-client in Lambda bundles. jsonld's Node document loader requires
// it (and with it undici, ~400 KB), but our loader never fetches: contexts are bundled and our own
// documents are resolved in-process. Anything that did try to fetch fails loudly here.
const refuse = () => {
  throw new Error('Network document loading is disabled in this bundle');
};

export const httpClient = { get: refuse, post: refuse, put: refuse, delete: refuse, extend: () => httpClient };
export const DEFAULT_HEADERS = {};

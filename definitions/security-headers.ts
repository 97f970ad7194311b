// The security headers of the city's answers, in one place for both sides: the handlers send them
// (functions/http/reply.ts) and CloudFront adds them where an answer has none (lib/constructs/public-site.ts),
// so they hold whichever way a page is reached, and `frame-ancestors`, which a <meta> cannot carry, works.

/**
 * Pages: no script at all (none is inlined, none may load), the inline stylesheet, images from the
 * city itself or any https host (badge images, the city's logo); not framed, no <base>, forms post only
 * back to the city, no plugins.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self' https:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/**
 * The search page with its map: the same, and the city's own scripts and stylesheet (its copy of
 * Leaflet and the map script, served from /assets/); still nothing inline may run.
 */
export const MAP_PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self' https:; style-src 'self' 'unsafe-inline'; script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** Badge images opened on their own (an SVG is a document): nothing may load or run, inline SVG styles apply. */
export const IMAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * A badge page's URL is what its holder chose to share: links out of it (LinkedIn, an issuer's site,
 * evidence) do not pass it on, not even the origin. Within the city the origin is sent: under
 * `no-referrer` a browser's form post says `Origin: null` (Fetch: serializing a request origin), and
 * the learners' forms check that a post came from the city itself.
 */
export const REFERRER_POLICY = 'same-origin';

/** HSTS, sent by CloudFront (the local city is plain http): two years, subdomains included. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Headers every HTML page carries. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
  'referrer-policy': REFERRER_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

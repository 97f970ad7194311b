// CloudFront proves to the API that a request came through it (and so through the WAF) with a secret
// header it adds to every origin request; the API functions refuse requests without it. The value is a
// Secrets Manager secret that the stack resolves into both at deploy time.

/** The header CloudFront adds to every request it sends to the API origin. */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/** The functions' copy of the value; unset locally, where there is no CloudFront and no check. */
export const ORIGIN_SECRET_ENV = 'ORIGIN_SECRET';

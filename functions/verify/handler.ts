// Route group "verify": anyone may check a badge from any issuer.
import * as z from 'zod/mini';
import { dispatch } from '../http/dispatch';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { fetchJson } from './fetch-document';
import { verifyBadge } from './service';

const MAX_IMAGE_BASE64 = Math.ceil((1024 * 1024 * 4) / 3);

const VerifyBody = z
  .object({
    /** A baked PNG or SVG, base64-encoded. */
    image: z.optional(z.base64().check(z.maxLength(MAX_IMAGE_BASE64))),
    /** A hosted assertion's or a credential's URL. */
    url: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))),
    assertion: z.optional(z.record(z.string(), z.unknown())),
    /** An OB 3.0 credential: JSON, or a compact JWS (VC-JWT). */
    credential: z.optional(z.union([z.record(z.string(), z.unknown()), z.string().check(z.maxLength(200_000))])),
    /** Checked against the badge's hashed recipient; never stored, logged or echoed. */
    email: z.optional(z.email().check(z.maxLength(320))),
  })
  .check(
    z.refine((body) => [body.image, body.url, body.assertion, body.credential].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of image, url, assertion or credential',
    }),
  );

const verify = httpRoute({ body: VerifyBody, maxBodyBytes: 2 * 1024 * 1024 }, async ({ body }) =>
  json(await verifyBadge(body, { fetchJson, now: new Date() })),
);

export const handler = dispatch('verify', { 'POST /verify': verify });

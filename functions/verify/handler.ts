// Route group "verify": anyone may check a badge from any issuer.
import * as z from 'zod/mini';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { verifyBadge } from '../domain/verification';
import { dispatch } from '../http/dispatch';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { fetchDocument } from './fetch-document';

const MAX_IMAGE_BASE64 = Math.ceil((1024 * 1024 * 4) / 3);

const VerifyBody = z.object({
  /** A baked PNG or SVG, base64-encoded. */
  image: z.optional(z.base64().check(z.maxLength(MAX_IMAGE_BASE64))),
  /** A hosted assertion's or a credential's URL. */
  url: z.optional(z.string().check(z.maxLength(2000))),
  /** OB 2.0: the assertion's JSON, or a signed assertion's compact JWS. */
  assertion: z.optional(z.union([z.record(z.string(), z.unknown()), z.string().check(z.maxLength(200_000))])),
  /** OB 3.0: the credential's JSON, or a compact JWS (VC-JWT). */
  credential: z.optional(z.union([z.record(z.string(), z.unknown()), z.string().check(z.maxLength(200_000))])),
  /** Checked against the badge's hashed recipient; never stored, logged or echoed. */
  email: z.optional(z.string().check(z.maxLength(320))),
});

const verify = httpRoute({ body: VerifyBody, maxBodyBytes: 2 * 1024 * 1024 }, async ({ body }) => {
  const { image, ...rest } = body;
  const input = (image !== undefined ? { ...rest, image: Buffer.from(image, 'base64') } : rest) as Parameters<typeof verifyBadge>[0];
  return json(await verifyBadge(input, { fetchDocument, now: new Date(), createDocumentLoader }));
});

export const handler = dispatch('verify', { 'POST /verify': verify });

// What the verify route takes and answers.
import * as z from 'zod/mini';
import { HtmlPage, type GroupContract } from '../http/contract';
import { VerificationResultSchema } from '../domain/verification/report';

/** A baked image of up to 1 MiB, as base64. */
const MAX_IMAGE_BASE64 = Math.ceil((1024 * 1024 * 4) / 3);

export const VerifyBody = z.object({
  /** A baked PNG or SVG, base64-encoded. */
  image: z.optional(z.base64().check(z.maxLength(MAX_IMAGE_BASE64), z.describe('A baked PNG or SVG, base64-encoded'))),
  url: z.optional(z.string().check(z.maxLength(2000), z.describe("A hosted assertion's or a credential's URL"))),
  assertion: z.optional(
    z.union([z.record(z.string(), z.unknown()), z.string().check(z.maxLength(200_000))]).check(z.describe("OB 2.0: the assertion's JSON, or a signed assertion's compact JWS")),
  ),
  credential: z.optional(
    z.union([z.record(z.string(), z.unknown()), z.string().check(z.maxLength(200_000))]).check(z.describe("OB 3.0: the credential's JSON, or a compact JWS (VC-JWT)")),
  ),
  email: z.optional(z.string().check(z.maxLength(320), z.describe("Checked against the badge's hashed recipient; never stored, logged or echoed"))),
});

export const contract = {
  'GET /verify': {
    response: {
      status: 200,
      description: 'The verify page: a form (no JavaScript) that posts a baked image, a URL or pasted badge data to POST /verify as multipart/form-data',
      content: { 'text/html': HtmlPage },
    },
  },
  'POST /verify': {
    body: VerifyBody,
    maxBodyBytes: 2 * 1024 * 1024,
    forms: {
      contentTypes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
      description: "the verify page's form: fields image (a file, at most 1 MiB), url, json (an assertion or a credential, JSON or JWS) and email, at most 2 MiB, answered as a page to a browser (Accept: text/html), mistakes included; as JSON, and problem+json, otherwise",
    },
    response: {
      status: 200,
      description:
        'A report per badge found (an image can carry both generations): each check with its detail. A badge that fails a check is verified: false, not an error. ' +
        "The verify page's form (multipart/form-data or application/x-www-form-urlencoded: fields image (a file, at most 1 MiB), url, json (an assertion or credential, JSON or JWS) and email) is answered with the same result as a page, in words; its mistakes as the page too (400, or 413 for a file too large)",
      content: { 'application/json': VerificationResultSchema, 'text/html': HtmlPage },
    },
  },
} satisfies GroupContract<'verify'>;

// What the badges routes (an award's public URLs) answer.
import * as z from 'zod/mini';
import { awardId } from '../domain/awards';
import { BYTES, HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { Ob2AssertionSchema, OpenBadgeCredentialSchema } from '../domain/openbadges/document-schemas';

const AwardParams = z.object({ awardId });

/** OB 2.0 hosted verification: what a revoked assertion's URL answers, with 410 Gone. */
export const RevokedAssertionSchema = z.object({
  '@context': z.literal('https://w3id.org/openbadges/v2'),
  id: z.url(),
  revoked: z.literal(true),
  revocationReason: z.string(),
});

export const contract = {
  'GET /badges/{awardId}': {
    params: AwardParams,
    response: {
      status: 200,
      description: 'The Open Badges 2.0 hosted assertion, or for browsers (Accept: text/html) the badge page',
      content: { 'application/ld+json': Ob2AssertionSchema, 'text/html': HtmlPage },
    },
    gone: {
      description: 'The badge was revoked: the OB 2.0 revocation document (id, revoked, revocationReason), or for browsers the page saying so',
      content: { 'application/ld+json': RevokedAssertionSchema, 'text/html': HtmlPage },
    },
  },
  'GET /badges/{awardId}/credential': {
    params: AwardParams,
    response: jsonResponse('The signed Open Badges 3.0 credential', OpenBadgeCredentialSchema, { mediaType: 'application/ld+json' }),
  },
  'GET /badges/{awardId}/image': {
    params: AwardParams,
    response: {
      status: 200,
      description: 'The baked image: PNG with iTXt chunks openbadges and openbadgecredential, or SVG with openbadges:assertion and openbadges:credential',
      content: { 'image/png': BYTES, 'image/svg+xml': BYTES },
    },
  },
  'GET /badges/{awardId}/share-image': {
    params: AwardParams,
    response: {
      status: 200,
      description: "The badge's picture as a PNG (an SVG badge drawn at 600 px wide), for link previews, which do not show SVG. Not baked: it carries no assertion",
      content: { 'image/png': BYTES },
    },
  },
} satisfies GroupContract<'badges'>;

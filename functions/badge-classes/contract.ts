// What the badge classes' public routes take and answer; the providers' routes are in
// manage-contract.ts, so that the public group does not build their schemas at cold start.
import * as z from 'zod/mini';
import { BYTES, HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { BadgeClassSchema } from '../domain/badge-classes';
import { Ob2BadgeClassSchema } from '../domain/openbadges/document-schemas';
import { pageOf, PageQuery } from '../http/pagination';
import { ProviderParams } from '../issuers/schemas';
import { BadgeClassParams, VersionParams } from './schemas';

/** A badge class as its managers see it (`presentBadgeClass`): the stored fields, the image as its URL, and its URLs. */
export const BadgeClassJsonSchema = z
  .extend(z.omit(BadgeClassSchema, { image: true }), {
    image: z.url(),
    links: z.object({ current: z.url(), version: z.url(), awards: z.url() }),
  })
  .check(z.meta({ id: 'BadgeClass', description: 'A badge class as its provider manages it; every change is a new version' }));

const LD_JSON = { mediaType: 'application/ld+json' } as const;

export const contract = {
  'GET /badge-classes/{badgeClassId}': {
    params: BadgeClassParams,
    response: {
      status: 200,
      description: 'The current version as an Open Badges 2.0 BadgeClass; for browsers (Accept: text/html), its "earn this badge" page',
      content: { 'application/ld+json': Ob2BadgeClassSchema, 'text/html': HtmlPage },
    },
  },
  'GET /badge-classes/{badgeClassId}/versions/{version}': {
    params: VersionParams,
    response: jsonResponse('That version as an Open Badges 2.0 BadgeClass', Ob2BadgeClassSchema, LD_JSON),
  },
  'GET /badge-classes/{badgeClassId}/versions/{version}/image': {
    params: VersionParams,
    response: { status: 200, description: "That version's image", content: { 'image/png': BYTES, 'image/svg+xml': BYTES } },
  },
  'GET /issuers/{issuerId}/badge-classes': {
    params: ProviderParams,
    query: PageQuery,
    response: jsonResponse("A page of the provider's badge classes (current versions, archived ones marked), newest first", pageOf(BadgeClassJsonSchema)),
  },
} satisfies GroupContract<'badgeClasses'>;

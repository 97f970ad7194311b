// What the badge classes routes take and answer.
import * as z from 'zod/mini';
import { BYTES, HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { BadgeClassChangesSchema, BadgeClassSchema, NewBadgeClassSchema } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES } from '../domain/image-types';
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

const managed = (description: string) => jsonResponse(description, BadgeClassJsonSchema);
const LD_JSON = { mediaType: 'application/ld+json' } as const;
const NOT_CHANGEABLE = 'The badge class is archived, or another change to it got there first (read it again and retry)';

export const contract = {
  'POST /badge-classes': {
    body: NewBadgeClassSchema,
    idempotent: true,
    response: jsonResponse('The badge class, version 1, with a default SVG image in the city colours', BadgeClassJsonSchema, {
      status: 201,
      headers: { Location: 'Its current URL' },
    }),
  },
  'GET /badge-classes/{badgeClassId}': {
    params: BadgeClassParams,
    response: {
      status: 200,
      description: 'The current version as an Open Badges 2.0 BadgeClass; for browsers (Accept: text/html), its "earn this badge" page',
      content: { 'application/ld+json': Ob2BadgeClassSchema, 'text/html': HtmlPage },
    },
  },
  'PATCH /badge-classes/{badgeClassId}': {
    params: BadgeClassParams,
    body: BadgeClassChangesSchema,
    response: managed('The new version'),
    conflict: NOT_CHANGEABLE,
  },
  'PUT /badge-classes/{badgeClassId}/image': {
    params: BadgeClassParams,
    rawBody: { contentTypes: Object.values(IMAGE_CONTENT_TYPES), maxBytes: MAX_IMAGE_BYTES },
    response: managed('The new version, with the image'),
    conflict: NOT_CHANGEABLE,
  },
  'POST /badge-classes/{badgeClassId}/archive': {
    params: BadgeClassParams,
    response: managed('The archived version'),
    conflict: 'The badge class is archived already',
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

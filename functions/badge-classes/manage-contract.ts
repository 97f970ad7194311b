// What the providers' badge class routes take and answer (group "badgeClassManagement").
import { BadgeClassChangesSchema, NewBadgeClassSchema } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES } from '../domain/image-types';
import { jsonResponse, type GroupContract } from '../http/contract';
import { BadgeClassJsonSchema } from './contract';
import { BadgeClassParams } from './schemas';

const managed = (description: string) => jsonResponse(description, BadgeClassJsonSchema);
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
} satisfies GroupContract<'badgeClassManagement'>;

// Provider routes: create, change, replace the image of, and archive badge classes.
import { readCity } from '../city/env';
import { BadgeClassChangesSchema, NewBadgeClassSchema } from '../domain/badge-classes';
import { checkBadgeImage, IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES } from '../domain/badge-images';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { presentBadgeClass } from './present';
import { BadgeClassParams } from './schemas';
import { archiveBadgeClass, changeBadgeClass, createBadgeClass, replaceBadgeClassImage } from './service';

const { baseUrl } = readCity();

export const create = authenticatedRoute({ body: NewBadgeClassSchema, idempotent: true }, async ({ body, principal }) => {
  const presented = presentBadgeClass(await createBadgeClass(body, principal, new Date()), baseUrl);
  return json(presented, { status: 201, headers: { location: presented.links.current } });
});

export const change = authenticatedRoute({ params: BadgeClassParams, body: BadgeClassChangesSchema }, async ({ params, body, principal }) =>
  json(presentBadgeClass(await changeBadgeClass(params.badgeClassId, body, principal, new Date()), baseUrl)),
);

export const replaceImage = authenticatedRoute(
  { params: BadgeClassParams, rawBody: { contentTypes: Object.values(IMAGE_CONTENT_TYPES), maxBytes: MAX_IMAGE_BYTES } },
  async ({ params, raw, event, principal }) => {
    const type = checkBadgeImage(raw, event.headers['content-type'] ?? '');
    return json(presentBadgeClass(await replaceBadgeClassImage(params.badgeClassId, { type, data: raw }, principal, new Date()), baseUrl));
  },
);

export const archive = authenticatedRoute({ params: BadgeClassParams }, async ({ params, principal }) =>
  json(presentBadgeClass(await archiveBadgeClass(params.badgeClassId, principal, new Date()), baseUrl)),
);

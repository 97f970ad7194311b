// Provider routes: create, change, replace the image of, and archive badge classes.
import { readCity } from '../../definitions/city-env';
import { cleanBadgeImage } from '../domain/badge-images';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './manage-contract';
import { presentBadgeClass } from './present';
import { archiveBadgeClass, changeBadgeClass, createBadgeClass, replaceBadgeClassImage } from './service';

const { baseUrl } = readCity();

export const create = authenticatedRoute(contract['POST /badge-classes'], async ({ body, principal }) => {
  const presented = presentBadgeClass(await createBadgeClass(body, principal, new Date()), baseUrl);
  return json(presented, { status: 201, headers: { location: presented.links.current } });
});

export const change = authenticatedRoute(contract['PATCH /badge-classes/{badgeClassId}'], async ({ params, body, principal }) =>
  json(presentBadgeClass(await changeBadgeClass(params.badgeClassId, body, principal, new Date()), baseUrl)),
);

export const replaceImage = authenticatedRoute(contract['PUT /badge-classes/{badgeClassId}/image'], async ({ params, raw, event, principal }) => {
  const image = cleanBadgeImage(raw, event.headers['content-type'] ?? '');
  return json(presentBadgeClass(await replaceBadgeClassImage(params.badgeClassId, image, principal, new Date()), baseUrl));
});

export const archive = authenticatedRoute(contract['POST /badge-classes/{badgeClassId}/archive'], async ({ params, principal }) =>
  json(presentBadgeClass(await archiveBadgeClass(params.badgeClassId, principal, new Date()), baseUrl)),
);

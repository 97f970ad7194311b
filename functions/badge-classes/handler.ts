// Route group "badgeClasses": what providers recognise, public as Open Badges 2.0 BadgeClasses.
import { dispatch } from '../http/dispatch';
import { archive, change, create, replaceImage } from './manage';
import { getCurrent, getVersion, getVersionImage, listByProvider } from './public';

export const handler = dispatch('badgeClasses', {
  'POST /badge-classes': create,
  'GET /badge-classes/{badgeClassId}': getCurrent,
  'PATCH /badge-classes/{badgeClassId}': change,
  'PUT /badge-classes/{badgeClassId}/image': replaceImage,
  'POST /badge-classes/{badgeClassId}/archive': archive,
  'GET /badge-classes/{badgeClassId}/versions/{version}': getVersion,
  'GET /badge-classes/{badgeClassId}/versions/{version}/image': getVersionImage,
  'GET /issuers/{issuerId}/badge-classes': listByProvider,
});

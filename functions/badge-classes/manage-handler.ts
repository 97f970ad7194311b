// Route group "badgeClassManagement": providers (and the city admin) create, change, re-image and
// archive badge classes. Anyone's reads are group "badgeClasses" (handler.ts).
import { dispatch } from '../http/dispatch';
import { archive, change, create, replaceImage } from './manage';

export const handler = dispatch('badgeClassManagement', {
  'POST /badge-classes': create,
  'PATCH /badge-classes/{badgeClassId}': change,
  'PUT /badge-classes/{badgeClassId}/image': replaceImage,
  'POST /badge-classes/{badgeClassId}/archive': archive,
});

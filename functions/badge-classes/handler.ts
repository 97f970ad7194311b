// Route group "badgeClasses": what providers recognise, public as Open Badges 2.0 BadgeClasses and as
// "earn this badge" pages. Providers' changes are group "badgeClassManagement" (manage-handler.ts).
import { dispatch } from '../http/dispatch';
import { getCurrent, getVersion, getVersionImage, listByProvider } from './public';

export const handler = dispatch('badgeClasses', {
  'GET /badge-classes/{badgeClassId}': getCurrent,
  'GET /badge-classes/{badgeClassId}/versions/{version}': getVersion,
  'GET /badge-classes/{badgeClassId}/versions/{version}/image': getVersionImage,
  'GET /issuers/{issuerId}/badge-classes': listByProvider,
});

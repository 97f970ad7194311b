// Route group "opportunityPublishing": providers (and the city admin) publish the directory's
// opportunities. Anyone's reads are group "opportunities" (handler.ts).
import { dispatch } from '../http/dispatch';
import { cancel, change, create, listByProvider, replaceImage } from './manage';

export const handler = dispatch('opportunityPublishing', {
  'POST /opportunities': create,
  'PATCH /opportunities/{opportunityId}': change,
  'POST /opportunities/{opportunityId}/cancel': cancel,
  'GET /issuers/{issuerId}/opportunities': listByProvider,
  'PUT /opportunities/{opportunityId}/image': replaceImage,
});

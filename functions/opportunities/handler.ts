// Route group "opportunities": the city's directory. Providers publish; anyone searches and reads.
import { dispatch } from '../http/dispatch';
import { cancel, change, create, listByProvider, replaceImage } from './manage';
import { feed } from './feed';
import { book, calendar, get, image, search } from './public';

export const handler = dispatch('opportunities', {
  'POST /opportunities': create,
  'GET /opportunities': search,
  'GET /opportunities/{opportunityId}': get,
  'GET /opportunities/{opportunityId}/calendar': calendar,
  'GET /opportunities/{opportunityId}/book': book,
  'PATCH /opportunities/{opportunityId}': change,
  'POST /opportunities/{opportunityId}/cancel': cancel,
  'GET /issuers/{issuerId}/opportunities': listByProvider,
  'PUT /opportunities/{opportunityId}/image': replaceImage,
  'GET /opportunities/{opportunityId}/image': image,
  'GET /feeds/opportunities': feed,
});

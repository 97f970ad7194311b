// Route group "opportunities": the city's directory, read by anyone. Providers publish through
// publishing-handler.ts (group "opportunityPublishing").
import { dispatch } from '../http/dispatch';
import { feed } from './feed';
import { book, calendar, get, image, search } from './public';

export const handler = dispatch('opportunities', {
  'GET /opportunities': search,
  'GET /opportunities/{opportunityId}': get,
  'GET /opportunities/{opportunityId}/calendar': calendar,
  'GET /opportunities/{opportunityId}/book': book,
  'GET /opportunities/{opportunityId}/image': image,
  'GET /feeds/opportunities': feed,
});

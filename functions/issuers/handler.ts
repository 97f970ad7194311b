// Route group "issuers": providers and their public issuer profiles.
import { dispatch } from '../http/dispatch';
import { create } from './create';
import { getV2, getV3 } from './get';
import { update } from './update';

export const handler = dispatch('issuers', {
  'POST /issuers': create,
  'GET /issuers/{issuerId}': getV2,
  'GET /issuers/{issuerId}/profile': getV3,
  'PATCH /issuers/{issuerId}': update,
});

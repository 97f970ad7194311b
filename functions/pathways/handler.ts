// Route group "pathways": providers and city admins draft and publish them; anyone reads them.
import { dispatch } from '../http/dispatch';
import { archiveRoute, change, create, draft, publishRoute } from './manage';
import { ctdl, get, list, version } from './public';

export const handler = dispatch('pathways', {
  'POST /pathways': create,
  'GET /pathways': list,
  'GET /pathways/{pathwayId}': get,
  'GET /pathways/{pathwayId}/ctdl': ctdl,
  'GET /pathways/{pathwayId}/versions/{version}': version,
  'GET /pathways/{pathwayId}/draft': draft,
  'PATCH /pathways/{pathwayId}': change,
  'POST /pathways/{pathwayId}/publish': publishRoute,
  'POST /pathways/{pathwayId}/archive': archiveRoute,
});

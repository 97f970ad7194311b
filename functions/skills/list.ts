import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { publicSpine } from './service';

export const list = httpRoute(contract['GET /skills'], async ({ query }) =>
  json(await publicSpine({ group: query.group, includeRetired: query.includeRetired === 'true' }), { cacheSeconds: 300 }),
);

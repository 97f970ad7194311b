// Route group "labourMarket": the labour-market demand a city admin uploads (CSV: skill, area, period,
// demand, source), set beside what the city offers on the insights dashboards.
import { dispatch } from '../http/dispatch';
import { authenticatedRoute } from '../http/authenticated-route';
import { json } from '../http/reply';
import { contract } from './contract';
import { demandFigures, uploadDemand } from './service';

const upload = authenticatedRoute(contract['PUT /labour-market/demand'], async ({ raw }) => json({ sets: await uploadDemand(raw, new Date()) }));

const read = authenticatedRoute(contract['GET /labour-market/demand'], async ({ query }) =>
  json({ items: await demandFigures({ period: query.period, skillId: query.skill, area: query.area }) }),
);

export const handler = dispatch('labourMarket', {
  'PUT /labour-market/demand': upload,
  'GET /labour-market/demand': read,
});

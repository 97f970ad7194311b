// Route group "system": liveness, the city's public information, and problem+json for unknown routes.
import { readCity } from '../../definitions/city-env';
import { dispatch } from '../http/dispatch';
import { allowedMethods } from '../http/match';
import { problemReply } from '../http/problem';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';

const city = readCity();

const health = httpRoute(contract['GET /health'], async () => json({ status: 'ok', city: city.id, time: new Date().toISOString() }));

const getCity = httpRoute(contract['GET /city'], async () =>
  json(
    {
      id: city.id,
      name: city.name,
      branding: city.branding,
      links: {
        self: `${city.baseUrl}/city`,
        skills: `${city.baseUrl}/skills`,
        health: `${city.baseUrl}/health`,
        openapi: `${city.baseUrl}/openapi.json`,
        docs: `${city.baseUrl}/docs`,
      },
    },
    { cacheSeconds: 300 },
  ),
);

/** API Gateway's $default route: no route matched the method and path. */
const notFound = httpRoute({}, async ({ event, requestId }) => {
  const allow = allowedMethods(event.rawPath);
  const common = { instance: event.rawPath, requestId };
  if (allow.length > 0) {
    return problemReply(
      { ...common, status: 405, detail: `${event.requestContext.http.method} is not allowed on ${event.rawPath}`, allow },
      { allow: allow.join(', ') },
    );
  }
  return problemReply({ ...common, status: 404, detail: `No resource at ${event.rawPath}` });
});

export const handler = dispatch('system', { 'GET /health': health, 'GET /city': getCity }, notFound);

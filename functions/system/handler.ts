// Route group "system": liveness and readiness, the city's public information, and problem+json for unknown routes.
import { BUCKET_NAME_ENV } from '../../definitions/bucket';
import { readCity } from '../../definitions/city-env';
import { TABLE_NAME_ENV } from '../../definitions/table';
import { requiredEnv } from '../env';
import { dispatch } from '../http/dispatch';
import { allowedMethods } from '../http/match';
import { problemReply } from '../http/problem';
import { json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';

const city = readCity();
// What the readiness check asks, read with the rest of the function's settings when it loads (as in
// Lambda), although the SDK clients that ask it are loaded only by the first deep check.
const probed = { tableName: requiredEnv(TABLE_NAME_ENV), bucketName: requiredEnv(BUCKET_NAME_ENV) };

const UNREADY: Record<string, string> = {
  table: 'Not ready: the table does not answer',
  bucket: 'Not ready: the bucket does not answer',
  'table,bucket': 'Not ready: neither the table nor the bucket answers',
};

/** Liveness by default (no I/O); deep=true asks the table and the bucket too. Never cached. */
const health = httpRoute(contract['GET /health'], async ({ query, event, requestId }) => {
  const alive = { status: 'ok' as const, city: city.id, time: new Date().toISOString() };
  if (query.deep !== 'true') return json(alive);
  // Loaded on first deep check only: the SDK clients stay out of plain /health's cold start.
  const { checkReadiness } = await import('./service');
  const checks = await checkReadiness(probed);
  const failed = (['table', 'bucket'] as const).filter((name) => checks[name] !== 'ok');
  if (failed.length === 0) return json({ ...alive, checks: { table: 'ok', bucket: 'ok' } });
  return problemReply({ status: 503, title: 'Service Unavailable', detail: UNREADY[failed.join(',')]!, instance: event.rawPath, requestId }, { 'retry-after': '5' });
});

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

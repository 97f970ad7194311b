// Every route's example in the API reference fits its contract: the example request (written in
// functions/openapi/examples.ts) parses with the route's params, query and body schemas, and the
// example answer (made from the response schema) parses with the route's response schema — the very
// schemas its handler validates with.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { routeKey, routes, type Route } from '../../definitions/routes';
import { contracts } from '../../functions/contracts';
import { BYTES } from '../../functions/http/contract';
import { openApiDocument } from '../../functions/openapi/document';
import { requestExamples } from '../../functions/openapi/examples';
import { repoRoot } from '../../local/city';

const document = openApiDocument({ name: 'Unit City', baseUrl: 'https://unit.example' });
const table = (routes as readonly Route[]).map((route) => [routeKey(route) as keyof typeof contracts, route] as const);

const problems = (result: { success: boolean; error?: { issues: unknown[] } }) => JSON.stringify(result.error?.issues ?? [], null, 2);

describe.each(table)('%s', (key, route) => {
  const contract = contracts[key];
  const example = requestExamples[key];
  const operation = document.paths[route.path]![route.method.toLowerCase()]!;

  it('has an example request that its contract accepts', () => {
    if (contract.params) {
      const parsed = z.safeParse(contract.params, example.params);
      expect(parsed.success, problems(parsed)).toBe(true);
    } else expect(example.params).toBeUndefined();
    if (contract.query) {
      const parsed = z.safeParse(contract.query, example.query ?? {});
      expect(parsed.success, problems(parsed)).toBe(true);
    } else expect(example.query).toBeUndefined();
    if (contract.body) {
      expect(example.body).toBeDefined();
      const parsed = z.safeParse(contract.body, example.body);
      expect(parsed.success, problems(parsed)).toBe(true);
    } else expect(example.body).toBeUndefined();
    if (contract.rawBody) {
      expect(contract.rawBody.contentTypes).toContain(example.rawBody?.contentType);
      expect(existsSync(join(repoRoot, 'docs/examples', example.rawBody!.file))).toBe(true);
    } else expect(example.rawBody).toBeUndefined();
  });

  it('shows an example answer that its response schema accepts', () => {
    const documented = operation.responses[contract.response.status]!.content!;
    for (const [type, schema] of Object.entries(contract.response.content)) {
      if (schema === BYTES || !type.includes('json')) continue;
      const sample = documented[type]!.example;
      expect(sample, type).toBeDefined();
      const parsed = z.safeParse(schema!, sample);
      expect(parsed.success, `${type}: ${JSON.stringify(sample)}\n${problems(parsed)}`).toBe(true);
    }
  });

  it('carries the example request into the document', () => {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in !== 'header' && (parameter.required || parameter.name in (example.query ?? {}))) expect(parameter.example, parameter.name).toBeDefined();
    }
    if (contract.body) expect(operation.requestBody!.content['application/json']!.example).toEqual(example.body);
    if (contract.rawBody) expect(operation.requestBody!['x-example-body']).toEqual(example.rawBody);
  });
});

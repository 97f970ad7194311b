// The API contract as an OpenAPI 3.1 document, generated: paths, methods, summaries and who may call
// each route from the route table; parameters, bodies, limits and success answers from each route's
// contract (functions/contracts.ts), which its handler is built from; the errors a route can answer
// derived from what it is (takes input, needs an API key, names a resource, takes a body, honours
// Idempotency-Key). Nothing in it is written per route but an example request (./examples.ts, checked
// against the contract by a test); example answers are made from the response schemas.
import * as z from 'zod/mini';
import { version } from '../../package.json';
import { contracts } from '../contracts';
import { BYTES, type RouteContract, type SuccessResponse } from '../http/contract';
import { IdempotencyKeySchema } from '../http/idempotency-key';
import { ProblemSchema } from '../http/problem';
import { DEFAULT_MAX_BODY_BYTES } from '../http/route';
import { routeGroups, routeKey, routes, type Access, type Route } from '../../definitions/routes';
import { requestExamples, sampleOf, type RequestExample } from './examples';
import { SchemaComponents, type JsonSchema } from './json-schema';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  example?: string;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  example?: unknown;
}

export interface Header {
  description?: string;
  schema?: JsonSchema;
  $ref?: string;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaTypeObject>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-access': Access['kind'];
  'x-roles'?: string[];
  'x-scopes'?: string[];
  parameters?: Parameter[];
  requestBody?: {
    description: string;
    required: true;
    content: Record<string, MediaTypeObject>;
    'x-max-body-bytes': number;
    /** For a body of bytes: what the example request sends, as a file of docs/examples/. */
    'x-example-body'?: { contentType: string; file: string };
  };
  responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, Record<string, string>>;
  };
}

/** What API Gateway answers by itself (throttling, a failed function): its own JSON, not problem+json. */
export const GatewayErrorSchema = z
  .object({ message: z.string() })
  .check(z.meta({ id: 'GatewayError', description: "API Gateway's own answer, e.g. {\"message\":\"Too Many Requests\"}" }));

const SECURITY_SCHEME = 'apiKey';
const LEARNER_SESSION_SCHEME = 'learnerSession';
const REQUEST_ID = { $ref: '#/components/headers/RequestId' };

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `GET /skills/{skillId}` → `getSkillsBySkillId`: unique because route keys are. */
const operationIdOf = (route: Route) =>
  route.method.toLowerCase() +
  route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `By${capitalise(segment.slice(1, -1))}` : segment.split(/[^a-zA-Z0-9]+/).map(capitalise).join('')))
    .join('');

const pathParameterNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

const ROLE_NAMES = { 'city-admin': 'a city admin', provider: 'a provider' } as const;

function whoMayCall(access: Access): string {
  if (access.kind === 'public') return 'Anyone may call it.';
  if (access.kind === 'learner') {
    return 'Needs a signed-in learner (the session cookie that signing in sets), and acts on their own account only. Pages send a browser that is not signed in to sign in (303); other answers are 401. Forms carry the session\'s CSRF token.';
  }
  const roles = access.roles.map((role) => ROLE_NAMES[role]).join(' or ');
  const scopes = access.scopes?.length ? ` Provider keys need the scope ${access.scopes.join(', ')}; city admins hold every scope.` : '';
  return `Needs the API key of ${roles}.${scopes}`;
}

const size = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;

const JSON_MEDIA_TYPES = new Set(['application/json', 'application/ld+json']);

class DocumentBuilder {
  readonly components = new SchemaComponents();

  constructor(private readonly baseUrl: string) {}

  private readonly problem = this.components.toJsonSchema(ProblemSchema, 'output');
  private readonly gatewayError = this.components.toJsonSchema(GatewayErrorSchema, 'output');

  operation(route: Route, contract: RouteContract): Operation {
    const access = route.access as Access;
    const example = requestExamples[routeKey(route) as keyof typeof requestExamples];
    return {
      operationId: operationIdOf(route),
      summary: route.summary,
      description: whoMayCall(access),
      tags: [route.group],
      security: access.kind === 'public' ? [] : [{ [access.kind === 'learner' ? LEARNER_SESSION_SCHEME : SECURITY_SCHEME]: [] }],
      'x-access': access.kind,
      ...(access.kind === 'authenticated' ? { 'x-roles': [...access.roles], 'x-scopes': [...(access.scopes ?? [])] } : {}),
      ...this.parameters(route, contract, example),
      ...this.requestBody(contract, example),
      responses: { ...this.success(contract, this.exampleUrl(route.path, example)), ...this.errors(route, contract) },
    };
  }

  private parameters(route: Route, contract: RouteContract, example: RequestExample): { parameters?: Parameter[] } {
    const inPath = this.parametersOf(contract.params, 'path', example.params);
    const declared = inPath.map((p) => p.name).sort();
    const templated = pathParameterNames(route.path).sort();
    if (declared.join() !== templated.join()) {
      throw new Error(`${routeKey(route)}: its params schema declares [${declared.join(', ')}] but its path has [${templated.join(', ')}]`);
    }
    const parameters = [...inPath, ...this.parametersOf(contract.query, 'query', example.query)];
    if (contract.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes the request safe to retry',
        schema: this.components.toJsonSchema(IdempotencyKeySchema, 'input'),
      });
    }
    return parameters.length ? { parameters } : {};
  }

  private parametersOf(schema: RouteContract['params'], where: 'path' | 'query', examples: Record<string, string> = {}): Parameter[] {
    if (!schema) return [];
    const json = this.components.toJsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => {
      const { description, ...rest } = property as JsonSchema & { description?: string };
      const example = examples[name];
      return {
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
        ...(example === undefined ? {} : { example }),
      };
    });
  }

  private requestBody(contract: RouteContract, example: RequestExample): Pick<Operation, 'requestBody'> {
    if (contract.body) {
      const max = contract.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      return {
        requestBody: {
          description: contract.forms ? `JSON, at most ${size(max)}; or ${contract.forms.description}` : `JSON, at most ${size(max)}`,
          required: true,
          content: {
            'application/json': { schema: this.components.toJsonSchema(contract.body, 'input'), ...(example.body === undefined ? {} : { example: example.body }) },
            ...(contract.forms ? Object.fromEntries(contract.forms.contentTypes.map((type) => [type, { 'x-description': contract.forms!.description }])) : {}),
          },
          'x-max-body-bytes': max,
        },
      };
    }
    if (contract.rawBody) {
      const { contentTypes, maxBytes } = contract.rawBody;
      return {
        requestBody: {
          description: `The bytes, as one of ${contentTypes.join(', ')} (Content-Type says which), at most ${size(maxBytes)}`,
          required: true,
          content: Object.fromEntries(contentTypes.map((type) => [type, {}])),
          'x-max-body-bytes': maxBytes,
          ...(example.rawBody ? { 'x-example-body': example.rawBody } : {}),
        },
      };
    }
    return {};
  }

  /** Where the example request goes: the path with the example's parameters. */
  private exampleUrl(path: string, example: RequestExample) {
    return this.baseUrl + path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(example.params?.[name] ?? name));
  }

  private success({ response }: RouteContract, self: string): Record<string, ResponseObject> {
    return { [response.status]: this.answer(response, self) };
  }

  /** An answer's headers and media types, with an example made from each JSON schema (`self`: the request's URL). */
  private answer(response: Omit<SuccessResponse, 'status'>, self: string): ResponseObject {
    const headers: Record<string, Header> = { 'x-request-id': REQUEST_ID };
    for (const [name, description] of Object.entries(response.headers ?? {})) headers[name] = { description, schema: { type: 'string', format: 'uri' } };
    const content = Object.fromEntries(
      Object.entries(response.content).map(([type, body]) => {
        if (body === BYTES) return [type, {}];
        const schema = this.components.toJsonSchema(body!, 'output');
        return [type, JSON_MEDIA_TYPES.has(type) ? { schema, example: sampleOf(schema, this.components.schemas, this.baseUrl, self) } : { schema }];
      }),
    );
    return { description: response.description, headers, content };
  }

  private problemResponse(description: string, headers: Record<string, Header> = {}): ResponseObject {
    return { description, headers: { 'x-request-id': REQUEST_ID, ...headers }, content: { 'application/problem+json': { schema: this.problem } } };
  }

  /** Which errors a route can answer follows from what it is; only 409's reason is the route's own. */
  private errors(route: Route, contract: RouteContract): Record<string, ResponseObject> {
    const access = route.access as Access;
    const takesBody = Boolean(contract.body || contract.rawBody);
    const names = pathParameterNames(route.path);
    const errors: Record<string, ResponseObject> = {};
    if (takesBody || contract.params || contract.query || contract.idempotent) {
      errors[400] = this.problemResponse('Invalid request: the errors list names each wrong field and where it was (path, query, header or body)');
    }
    if (access.kind === 'authenticated') {
      const unauthenticated = this.problemResponse(
        'Not a valid, current API key (unknown, revoked or expired): problem+json. Without any Authorization header, API Gateway answers itself, before the authorizer: {"message":"Unauthorized"}',
        { 'WWW-Authenticate': { description: 'Bearer (on problem+json answers)', schema: { type: 'string', const: 'Bearer' } } },
      );
      errors[401] = { ...unauthenticated, content: { ...unauthenticated.content, 'application/json': { schema: this.gatewayError } } };
      errors[403] = this.problemResponse("The API key lacks the route's role or scope");
    }
    if (access.kind === 'learner') {
      errors[401] = this.problemResponse('Not signed in, or the session has ended (pages redirect to sign in instead)');
      if (route.method !== 'GET') errors[403] = this.problemResponse("The form's CSRF token is not this session's, or the request came from another site");
    }
    if (names.length) {
      const others = access.kind === 'authenticated' && access.roles.includes('provider') ? ", or it is another provider's (which looks the same)" : '';
      errors[404] = this.problemResponse(`No such ${names.join(' or ')}${others}`);
    } else if (contract.notFound) errors[404] = this.problemResponse(contract.notFound);
    const conflicts = [contract.conflict, contract.idempotent && 'A request with this Idempotency-Key is still being processed: retry shortly'].filter(Boolean);
    if (conflicts.length) errors[409] = this.problemResponse(conflicts.join('; or: '));
    if (contract.gone) errors[410] = this.answer(contract.gone, this.baseUrl + route.path);
    if (contract.unavailable) errors[503] = this.problemResponse(contract.unavailable);
    if (takesBody) {
      const max = contract.rawBody?.maxBytes ?? contract.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const types = contract.rawBody?.contentTypes.join(' or ') ?? 'application/json';
      errors[413] = this.problemResponse(`The body is larger than ${size(max)}`);
      errors[415] = this.problemResponse(`The body is not sent as ${types}`);
    }
    if (contract.idempotent) errors[422] = this.problemResponse('This Idempotency-Key was used with a different request body');
    errors[429] = {
      description: "Too many requests: the city's rate limit (API Gateway throttling). Retry later",
      content: { 'application/json': { schema: this.gatewayError } },
    };
    errors[500] = {
      ...this.problemResponse('An unexpected error: quote the requestId if you report it'),
      content: { 'application/problem+json': { schema: this.problem }, 'application/json': { schema: this.gatewayError } },
    };
    errors[503] = {
      ...this.problemResponse('Not finished in time (storage slow or unreachable): nothing is lost; retry after Retry-After seconds (a create with the same Idempotency-Key). When the function itself timed out, API Gateway answers {"message":"Service Unavailable"}', {
        'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string' } },
      }),
      content: { 'application/problem+json': { schema: this.problem }, 'application/json': { schema: this.gatewayError } },
    };
    return errors;
  }
}

const description = (cityName: string) =>
  [
    `The API of ${cityName}, a City of Learning: Open Badges 2.0 and 3.0 for every kind of learning in the city. ` +
      "This document is generated from the route table and each route's schemas, the same ones the handlers validate with; " +
      'it is served at /openapi.json, and as a page at /docs.',
    'Errors are RFC 9457 application/problem+json (the Problem schema): status, title, detail, the requestId, and for invalid input an errors list naming each field. ' +
      'Every answer of the API carries x-request-id.',
    'A path that exists, called with a method it does not take, answers 405 with an Allow header (and allow in the problem); an unknown path answers 404.',
    "API Gateway answers some requests itself, with its own JSON ({message}, the GatewayError schema): 401 when an authenticated route gets no Authorization header, 429 when the city's rate limit is reached, 413 for a body over 10 MB, and 5xx when a function fails.",
  ].join('\n\n');

/** The document for one city: its name, and its public base URL as the server. */
export function openApiDocument(city: { name: string; baseUrl: string }): OpenApiDocument {
  const builder = new DocumentBuilder(city.baseUrl);
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes as readonly Route[]) {
    const contract = contracts[routeKey(route) as keyof typeof contracts];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = builder.operation(route, contract);
  }
  return {
    openapi: '3.1.0',
    info: { title: `${city.name} API`, version, description: description(city.name) },
    servers: [{ url: city.baseUrl, description: city.name }],
    tags: Object.entries(routeGroups).map(([name, group]) => ({ name, description: group.description })),
    paths,
    components: {
      schemas: builder.components.schemas,
      headers: { RequestId: { description: 'Names the request in the logs: quote it when reporting a problem', schema: { type: 'string' } } },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'col_<prefix>_<secret>',
          description:
            'An API key of this city, sent as Authorization: Bearer col_<prefix>_<secret>. Keys carry a role (city-admin or provider), scopes ' +
            '(badges:issue, badges:manage, profile:write, opportunities:manage) and an optional expiry; each route says which it needs (x-roles, x-scopes). ' +
            "A revoked key fails on its very next request; another provider's resources answer 404.",
        },
        [LEARNER_SESSION_SCHEME]: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-learner-session',
          description:
            'A learner\'s session, set by signing in (GET /sign-in: a one-time code by email): HttpOnly, Secure, SameSite=Lax; it ends after 12 hours idle or 7 days, ' +
            'at sign-out, or everywhere at once. On a local city on http://localhost it is named learner-session and is not Secure.',
        },
      },
    },
  };
}

// A route's contract: what it takes (the RouteSpec its handler is built with, so the handler validates
// with the very schemas the API document shows) and what it answers on success. Each route group
// declares its contracts in `<group>/contract.ts`; functions/contracts.ts holds them all by route key,
// and functions/openapi/ turns them and the route table into the OpenAPI document.
import * as z from 'zod/mini';
import type { RouteGroupName, RouteKeyOf } from '../../definitions/routes';
import type { RouteSpec, Schema } from './route';

export type MediaType = 'application/json' | 'application/ld+json' | 'text/html' | 'text/csv' | 'text/calendar' | 'text/css' | 'text/javascript' | 'image/png' | 'image/svg+xml' | 'application/zip';

/** A body of raw bytes (an image): documented by its media type alone. */
export const BYTES = 'bytes';

/** The body of a learner's page form (functions/http/learner-route.ts reads its fields). */
export const FORM_BODY = { contentTypes: ['application/x-www-form-urlencoded'], maxBytes: 8 * 1024 } as const;

/** A server-rendered page: a whole HTML document, without scripts. */
export const HtmlPage = z.string().check(z.describe('An HTML document (no JavaScript)'));

export interface SuccessResponse {
  /** 303: a page's form answered by sending the browser on (post, redirect, get). */
  status: 200 | 201 | 202 | 303;
  description: string;
  /** The body for each media type the route answers with: its schema, or BYTES. */
  content: Partial<Record<MediaType, Schema | typeof BYTES>>;
  /** Headers worth knowing about beyond x-request-id (which every answer has), by name: what each holds. */
  headers?: Record<string, string>;
}

export interface RouteContract extends RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined> {
  response: SuccessResponse;
  /** When the route answers 409 Conflict. Errors every route of its kind can answer are derived, not listed. */
  conflict?: string;
  /** What the route answers with 410 Gone when what it serves was withdrawn (a revoked badge), per media type. */
  gone?: Omit<SuccessResponse, 'status'>;
  /** When the route answers 503 Service Unavailable (problem+json) on its own account. */
  unavailable?: string;
  /** Why the route answers 404 when no path parameter names what is missing (a signed link that is not one). */
  notFound?: string;
}

/** A group's contracts: exactly its routes of the table (`satisfies` keeps each schema's own type for the handler). */
export type GroupContract<G extends RouteGroupName> = Record<RouteKeyOf<G>, RouteContract>;

/** JSON (or JSON-LD) answered with 200 unless told otherwise. */
export const jsonResponse = (
  description: string,
  schema: Schema,
  options: { status?: 200 | 201 | 202; mediaType?: 'application/json' | 'application/ld+json'; headers?: Record<string, string> } = {},
): SuccessResponse => ({
  status: options.status ?? 200,
  description,
  content: { [options.mediaType ?? 'application/json']: schema },
  ...(options.headers ? { headers: options.headers } : {}),
});

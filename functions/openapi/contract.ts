// What the API contract's own routes answer.
import * as z from 'zod/mini';
import { HtmlPage, jsonResponse, type GroupContract } from '../http/contract';

/** The document describes itself; here only its frame. */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string().check(z.regex(/^3\.1\.\d+$/)),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const contract = {
  'GET /openapi.json': { response: jsonResponse('This document', OpenApiDocumentSchema) },
  'GET /docs': { response: { status: 200, description: 'The API reference, rendered from /openapi.json', content: { 'text/html': HtmlPage } } },
} satisfies GroupContract<'openapi'>;

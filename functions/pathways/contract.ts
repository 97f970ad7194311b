// What the pathways routes take and answer.
import * as z from 'zod/mini';
import { HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { pageOf, PageQuery } from '../http/pagination';
import { NewPathwaySchema, PathwayCardSchema, PathwayChangesSchema, PathwaySchema, PathwayVersionSchema } from '../domain/pathways';
import { PathwayParams, PathwayVersionParams } from './schemas';

const links = z.object({ page: z.url(), ctdl: z.url(), version: z.url() });

export const PathwayJsonSchema = z
  .extend(PathwayVersionSchema, {
    id: z.string(),
    url: z.url(),
    status: z.enum(['published', 'archived']),
    provider: z.optional(z.object({ id: z.string(), url: z.url() })),
    links,
  })
  .check(z.meta({ id: 'Pathway', description: 'A published pathway, as its current (or a given) version says it: steps under a completion rule, a milestone badge, a destination' }));

export const ManagedPathwaySchema = z
  .extend(PathwaySchema, { url: z.url(), links: z.object({ page: z.url(), draft: z.url(), ctdl: z.url() }) })
  .check(z.meta({ id: 'ManagedPathway', description: 'A pathway as its provider manages it: its working draft and (once published) its current version' }));

export const PathwayResultSchema = z.extend(PathwayCardSchema, { url: z.url() }).check(z.meta({ id: 'PathwayResult', description: 'A published pathway as lists show it' }));

export const CtdlGraphSchema = z
  .object({
    '@context': z.literal('https://credreg.net/ctdl/schema/context/json'),
    '@id': z.url(),
    '@graph': z.array(z.looseObject({ '@id': z.string(), '@type': z.string(), 'ceterms:ctid': z.string() })),
  })
  .check(z.meta({ id: 'CtdlPathwayGraph', description: "Credential Engine CTDL JSON-LD: the ceterms:Pathway, then its ceterms:PathwayComponent subclasses, each with its ceterms:ComponentCondition" }));

const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a skill id'), z.describe('A skill id of the spine: the pathways through it'));
export const PathwayListQuery = z.extend(PageQuery, { skill: z.optional(slug) });

const managed = (description: string) => jsonResponse(description, ManagedPathwaySchema);

export const contract = {
  'POST /pathways': {
    body: NewPathwaySchema,
    idempotent: true,
    response: jsonResponse('The pathway, as a draft (publish it to list it)', ManagedPathwaySchema, { status: 201, headers: { Location: 'Its draft URL' } }),
  },
  'GET /pathways': {
    query: PathwayListQuery,
    response: {
      status: 200,
      description: 'A page of published pathways (those through `skill`, if given), by name; for browsers (Accept: text/html) the pathways page',
      content: { 'application/json': pageOf(PathwayResultSchema), 'text/html': HtmlPage },
    },
  },
  'GET /pathways/{pathwayId}': {
    params: PathwayParams,
    response: {
      status: 200,
      description: 'The published pathway (its current version); for browsers its page: the steps as a diagram and a list, where and when to do each, the destination',
      content: { 'application/json': PathwayJsonSchema, 'text/html': HtmlPage },
    },
  },
  'GET /pathways/{pathwayId}/ctdl': {
    params: PathwayParams,
    response: jsonResponse('The current version as Credential Engine CTDL JSON-LD (ceterms:Pathway, components, conditions)', CtdlGraphSchema, { mediaType: 'application/ld+json' }),
  },
  'GET /pathways/{pathwayId}/versions/{version}': {
    params: PathwayVersionParams,
    response: jsonResponse('A published version as it was published (never changed)', PathwayJsonSchema),
  },
  'GET /pathways/{pathwayId}/draft': {
    params: PathwayParams,
    response: managed('The pathway with its working draft'),
  },
  'PATCH /pathways/{pathwayId}': {
    params: PathwayParams,
    body: PathwayChangesSchema,
    response: managed('The pathway, its draft changed (publish to make it the next version)'),
    conflict: 'Another change to the pathway got there first (read it again and retry)',
  },
  'POST /pathways/{pathwayId}/publish': {
    params: PathwayParams,
    response: managed('The pathway, its draft published as the next version (or unchanged, if it was published already)'),
    conflict: 'Another change to the pathway got there first (read it again and retry)',
  },
  'POST /pathways/{pathwayId}/archive': {
    params: PathwayParams,
    response: managed('The archived pathway: unlisted, its milestone no longer awarded'),
    conflict: 'The pathway is archived already, or has never been published',
  },
} satisfies GroupContract<'pathways'>;

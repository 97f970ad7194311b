// What the issuers routes take and answer.
import * as z from 'zod/mini';
import { HtmlPage, jsonResponse, type GroupContract } from '../http/contract';
import { Ob2IssuerSchema, Ob3ProfileSchema } from '../domain/openbadges/document-schemas';
import { NewProviderSchema, ProviderSchema, ProviderUpdateSchema } from '../domain/providers';
import { ProviderParams } from './schemas';

/** A provider as its managers see it (`presentProvider`): the stored profile and its public URLs. */
export const ProviderJsonSchema = z
  .extend(ProviderSchema, { links: z.object({ issuer: z.url(), profile: z.url() }) })
  .check(z.meta({ id: 'Provider', description: 'A provider: its profile as stored, and the URLs of its public issuer profiles' }));

export const ProviderChangesSchema = ProviderUpdateSchema.check(
  z.refine((changes) => Object.values(changes).some((value) => value !== undefined), 'must change at least one field'),
);

const LD_JSON = { mediaType: 'application/ld+json' } as const;

export const contract = {
  'POST /issuers': {
    body: NewProviderSchema,
    idempotent: true,
    response: jsonResponse('The provider, created', ProviderJsonSchema, { status: 201, headers: { Location: 'Its OB 2.0 issuer profile' } }),
    conflict: 'A provider with this id exists already',
  },
  'GET /issuers/{issuerId}': {
    params: ProviderParams,
    response: {
      status: 200,
      description: "The issuer profile, Open Badges 2.0; for browsers (Accept: text/html), the provider's page: about, what it offers next, its badges",
      content: { 'application/ld+json': Ob2IssuerSchema, 'text/html': HtmlPage },
    },
  },
  'GET /issuers/{issuerId}/profile': { params: ProviderParams, response: jsonResponse('The issuer profile, Open Badges 3.0', Ob3ProfileSchema, LD_JSON) },
  'PATCH /issuers/{issuerId}': {
    params: ProviderParams,
    body: ProviderChangesSchema,
    response: jsonResponse('The provider, changed', ProviderJsonSchema),
  },
} satisfies GroupContract<'issuers'>;

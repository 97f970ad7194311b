// What the providers' opportunity routes take and answer (group "opportunityPublishing").
import { IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES } from '../domain/image-types';
import { NewOpportunitySchema, OpportunityChangesSchema } from '../domain/opportunities';
import { jsonResponse, type GroupContract } from '../http/contract';
import { pageOf, PageQuery } from '../http/pagination';
import { IssuerParams } from '../issuers/schemas';
import { OpportunityJsonSchema } from './contract';
import { OpportunityParams } from './schemas';

const managed = (description: string) => jsonResponse(description, OpportunityJsonSchema);

export const contract = {
  'POST /opportunities': {
    body: NewOpportunitySchema,
    idempotent: true,
    response: jsonResponse('The opportunity, as stored', OpportunityJsonSchema, { status: 201, headers: { Location: 'Its public URL' } }),
  },
  'PATCH /opportunities/{opportunityId}': {
    params: OpportunityParams,
    body: OpportunityChangesSchema,
    response: managed('The opportunity, changed'),
    conflict: 'The opportunity is cancelled, or another change to it got there first (read it again and retry)',
  },
  'POST /opportunities/{opportunityId}/cancel': {
    params: OpportunityParams,
    response: managed('The cancelled opportunity'),
    conflict: 'The opportunity is cancelled already',
  },
  'PUT /opportunities/{opportunityId}/image': {
    params: OpportunityParams,
    rawBody: { contentTypes: Object.values(IMAGE_CONTENT_TYPES), maxBytes: MAX_IMAGE_BYTES },
    response: managed('The opportunity, with its new picture (links.image)'),
    conflict: 'The opportunity is cancelled, or another change to it got there first (read it again and retry)',
  },
  'GET /issuers/{issuerId}/opportunities': {
    params: IssuerParams,
    query: PageQuery,
    response: jsonResponse("A page of the provider's opportunities (every status), newest first", pageOf(OpportunityJsonSchema)),
  },
} satisfies GroupContract<'opportunityPublishing'>;

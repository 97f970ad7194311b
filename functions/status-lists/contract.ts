// What the status lists route answers.
import { jsonResponse, type GroupContract } from '../http/contract';
import { StatusListCredentialSchema } from '../domain/openbadges/document-schemas';
import { ProviderParams } from '../issuers/schemas';

export const contract = {
  'GET /status-lists/{issuerId}': {
    params: ProviderParams,
    response: jsonResponse("The provider's revocation list, signed (cached 60 s)", StatusListCredentialSchema, { mediaType: 'application/ld+json' }),
  },
} satisfies GroupContract<'statusLists'>;

// What the status lists route answers.
import * as z from 'zod/mini';
import { jsonResponse, type GroupContract } from '../http/contract';
import { StatusListCredentialSchema } from '../domain/openbadges/document-schemas';
import { providerId } from '../domain/providers';

export const contract = {
  'GET /status-lists/{issuerId}': {
    params: z.object({ issuerId: providerId }),
    response: jsonResponse("The provider's revocation list, signed (cached 60 s)", StatusListCredentialSchema, { mediaType: 'application/ld+json' }),
  },
} satisfies GroupContract<'statusLists'>;

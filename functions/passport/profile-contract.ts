// What the public profiles' route takes and answers.
import * as z from 'zod/mini';
import { HtmlPage, type GroupContract } from '../http/contract';

export const PublicProfileSchema = z
  .object({
    displayName: z.optional(z.string().check(z.describe('Only if the learner chose to show one'))),
    badges: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), provider: z.string(), issuedOn: z.iso.datetime(), url: z.url() })),
  })
  .check(z.meta({ id: 'PublicProfile', description: 'The badges a learner chose to share, still valid ones only' }));

export const contract = {
  'GET /profiles/{profileId}': {
    params: z.object({ profileId: z.string().check(z.regex(/^[a-z2-7]{26}$/, 'must be a profile id')) }),
    response: { status: 200, description: 'A public profile a learner shares: the page, or as JSON', content: { 'text/html': HtmlPage, 'application/json': PublicProfileSchema } },
  },
} satisfies GroupContract<'profiles'>;

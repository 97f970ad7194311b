// What the claim pages take and answer: a learner's side of claim codes.
import * as z from 'zod/mini';
import { claimCode } from '../domain/claim-codes';
import { FORM_BODY, HtmlPage, type GroupContract } from '../http/contract';

const CodeParams = z.object({ code: claimCode });
const page = (description: string) => ({ status: 200 as const, description, content: { 'text/html': HtmlPage } });

export const contract = {
  'GET /claim': {
    query: z.object({ code: z.optional(z.string().check(z.maxLength(64), z.describe('A code as typed (spaces and capitals are fine): answered with a redirect to its claim page'))) }),
    response: page('The page where a code is typed by hand; with ?code=, a redirect (303) to its claim page'),
  },
  'GET /claim/{code}': {
    params: CodeParams,
    response: page("What the code claims (the badge, its provider, the event) and the way to claim it: sign in, or the claim button"),
  },
  'POST /claim/{code}': {
    params: CodeParams,
    rawBody: FORM_BODY,
    response: page('The learner holds the badge (claimed now, or held already: a second scan uses nothing)'),
  },
} satisfies GroupContract<'claims'>;

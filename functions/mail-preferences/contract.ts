// What the unsubscribe routes take and answer.
import * as z from 'zod/mini';
import { HtmlPage, type GroupContract } from '../http/contract';

const UnsubscribeQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(400), z.describe('The signed token of the link in a badge email')) });

const UnsubscribedSchema = z
  .object({ unsubscribed: z.literal(true), provider: z.string() })
  .check(z.meta({ id: 'Unsubscribed', description: "The learner gets no more badge emails from this provider (their badges are not affected)" }));

export const contract = {
  'GET /unsubscribe': {
    query: UnsubscribeQuery,
    notFound: 'The link is not one the city signed (or was changed)',
    response: { status: 200, description: 'The page asking to confirm (it changes nothing: mail scanners follow links)', content: { 'text/html': HtmlPage } },
  },
  'POST /unsubscribe': {
    query: UnsubscribeQuery,
    notFound: 'The link is not one the city signed (or was changed)',
    response: {
      status: 200,
      description: "No more badge emails from this provider to this learner: the page's form, or a mail client's one-click POST (RFC 8058; its body is ignored)",
      content: { 'text/html': HtmlPage, 'application/json': UnsubscribedSchema },
    },
  },
} satisfies GroupContract<'mailPreferences'>;

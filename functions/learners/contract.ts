// What the learners' routes take and answer. Forms post application/x-www-form-urlencoded (FORM_BODY);
// their fields are read by the handlers (functions/http/learner-route.ts formField).
import * as z from 'zod/mini';
import { FORM_BODY, HtmlPage, jsonResponse, type GroupContract, type SuccessResponse } from '../http/contract';

const seeOther = (description: string): SuccessResponse => ({ status: 303, description, content: {}, headers: { location: 'Where the browser goes next' } });
const page = (description: string): SuccessResponse => ({ status: 200, description, content: { 'text/html': HtmlPage } });

export const AccountExportSchema = z
  .object({
    exportedAt: z.string(),
    city: z.object({ name: z.string(), url: z.string() }),
    account: z.object({
      id: z.string(),
      status: z.string(),
      ageBand: z.optional(z.string()),
      settings: z.object({ publicProfile: z.boolean(), recommendations: z.boolean(), nudges: z.boolean() }),
      area: z.optional(z.string()),
      signInUsers: z.array(z.string()).check(z.describe("The sign-in provider's user ids for this learner, kept so that deleting the account deletes them there too")),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
    addresses: z.array(z.object({ email: z.string(), verifiedAt: z.string(), signIn: z.boolean() })),
    consents: z.array(z.object({ purpose: z.string(), textVersion: z.string(), text: z.string(), givenAt: z.string(), withdrawnAt: z.optional(z.string()) })),
    guardian: z.optional(z.object({ email: z.optional(z.string()), requestedAt: z.string(), consentedAt: z.optional(z.string()) })),
    notes: z.array(z.string()),
  })
  .check(z.meta({ id: 'AccountExport', description: 'Everything the city holds about a learner (UK GDPR art. 15 and 20)' }));

export const contract = {
  'GET /sign-in': {
    query: z.object({ next: z.optional(z.string().check(z.maxLength(500))) }),
    response: seeOther("To the city's sign-in provider (a browser cookie binds the sign-in to this browser)"),
  },
  'GET /sign-in/callback': {
    query: z.object({
      code: z.optional(z.string().check(z.maxLength(2048))),
      state: z.optional(z.string().check(z.maxLength(512))),
      error: z.optional(z.string().check(z.maxLength(200))),
      error_description: z.optional(z.string().check(z.maxLength(1000))),
      iss: z.optional(z.string().check(z.maxLength(500))),
    }),
    response: seeOther('Signed in: the session cookie is set; on to where the learner was going, or to their account'),
  },
  'POST /sign-out': { rawBody: FORM_BODY, response: seeOther('Signed out: the session (or every session) is gone; to the home page') },
  'GET /account': { response: page('The account page (or the first question, or the wait for a guardian)') },
  'POST /account/age-band': { rawBody: FORM_BODY, response: seeOther('Saved: to the account') },
  'POST /account/consent-request': { rawBody: FORM_BODY, response: seeOther('Sent again: to the account') },
  'POST /account/settings': { rawBody: FORM_BODY, response: seeOther('Saved: to the account') },
  'POST /account/addresses': { rawBody: FORM_BODY, response: page('A code was mailed to the address: the account page asks for it') },
  'POST /account/addresses/verify': { rawBody: FORM_BODY, response: seeOther('Added: to the account') },
  'POST /account/addresses/remove': { rawBody: FORM_BODY, response: seeOther('Removed: to the account') },
  'GET /account/export': {
    response: jsonResponse('Everything the city holds about the learner', AccountExportSchema, { headers: { 'content-disposition': 'attachment; filename=…' } }),
  },
  'POST /account/delete': { rawBody: FORM_BODY, response: page('Deleted: the page says so, and the session cookie is cleared') },
  'GET /passport': { response: page("The learner's passport") },
  'GET /guardian': {
    query: z.object({ token: z.string().check(z.maxLength(200)) }),
    response: page("The child's account as the city holds it, with consent and deletion"),
  },
  'POST /guardian': { rawBody: FORM_BODY, response: page('Consent recorded, or the account deleted: the page says which') },
} satisfies GroupContract<'learners'>;

// What the passport's routes take and answer.
import * as z from 'zod/mini';
import { awardId } from '../domain/awards';
import { BYTES, FORM_BODY, HtmlPage, type GroupContract, type SuccessResponse } from '../http/contract';
import { PageQuery } from '../http/pagination';

const seeThePassport: SuccessResponse = { status: 303, description: 'Done: see the passport (Location)', content: {}, headers: { Location: 'The passport page, or the badges page' } };

const PassportBadgeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  provider: z.string(),
  issuedOn: z.iso.datetime(),
  awardedAt: z.iso.datetime(),
  state: z.enum(['new', 'accepted', 'hidden']).check(z.describe("The learner's word on it: new (not yet accepted), accepted, or hidden (left out of the skills profile and sharing)")),
  standing: z.enum(['valid', 'revoked', 'expired']),
  links: z.object({ page: z.url(), image: z.url(), credential: z.url() }),
});

const SkillStandingSchema = z.object({
  skillId: z.string(),
  name: z.string(),
  level: z.optional(z.string().check(z.describe('The highest level the badges show; absent when a badge names the skill without a level'))),
  reached: z.int().check(z.nonnegative(), z.describe('How many of the spine’s levels the badges show')),
  of: z.int().check(z.nonnegative()),
  badges: z.int().check(z.nonnegative()),
});

export const PassportJsonSchema = z
  .object({
    items: z.array(PassportBadgeSchema),
    next: z.optional(z.string().check(z.describe('Pass as `cursor` for older badges; absent on the last page'))),
    skills: z.array(SkillStandingSchema),
    share: z.optional(z.object({ url: z.url(), awardIds: z.array(z.string()), displayName: z.optional(z.string()) })),
  })
  .check(z.meta({ id: 'Passport', description: "A learner's own passport: a page of their badges (newest first), their skills profile and what they share" }));

const TokenQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(200), z.describe('The token of the add-to-passport link in a badge email')) });

export const contract = {
  'GET /passport/badges': {
    query: PageQuery,
    response: { status: 200, description: 'A page of my badges with accept and hide, or as JSON (with my skills profile and what I share)', content: { 'text/html': HtmlPage, 'application/json': PassportJsonSchema } },
  },
  'POST /passport/badges/{awardId}': {
    params: z.object({ awardId }),
    rawBody: FORM_BODY,
    response: seeThePassport,
  },
  'GET /passport/add': {
    query: TokenQuery,
    response: { status: 200, description: 'The page asking to add the badge of an email’s link (it changes nothing)', content: { 'text/html': HtmlPage } },
  },
  'POST /passport/add': {
    rawBody: FORM_BODY,
    response: seeThePassport,
  },
  'POST /passport/share': {
    rawBody: FORM_BODY,
    response: seeThePassport,
  },
  'POST /passport/share/revoke': {
    rawBody: FORM_BODY,
    response: seeThePassport,
  },
  'GET /passport/archive': {
    response: {
      status: 200,
      description: 'Every badge of the passport in one zip: each baked image and its OB 3.0 credential (JSON)',
      content: { 'application/zip': BYTES },
      headers: { 'Content-Disposition': 'attachment; the file name' },
    },
  },
} satisfies GroupContract<'passport'>;

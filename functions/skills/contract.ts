// What the skills routes take and answer.
import * as z from 'zod/mini';
import { HtmlPage, type GroupContract } from '../http/contract';
import { SkillSchema, SpineSummarySchema } from '../domain/skills';
import { GetSkillParams, ListSkillsQuery } from './schemas';

/** A skill as `presentSkill` answers it: at its stable URL, with the alignment badges copy. */
export const SkillJsonSchema = z
  .extend(z.pick(SkillSchema, { name: true, description: true, group: true, keywords: true, levels: true, retired: true }), {
    id: z.url(),
    type: z.literal('Skill'),
    skillId: z.string(),
    framework: z.object({ name: z.string(), version: z.string(), url: z.url() }),
    alignment: z.object({
      targetName: z.string(),
      targetUrl: z.url(),
      targetDescription: z.string(),
      targetFramework: z.string(),
      targetCode: z.string(),
    }),
  })
  .check(z.meta({ id: 'Skill', description: "A skill of the city's spine, with a ready-made Open Badges alignment that points at it" }));

export const SkillsFrameworkSchema = z.extend(z.partial(SpineSummarySchema, { name: true, version: true }), {
  id: z.url(),
  type: z.literal('SkillsFramework'),
  skills: z.array(SkillJsonSchema),
});

export const contract = {
  'GET /skills': {
    query: ListSkillsQuery,
    response: {
      status: 200,
      description: "The spine: its levels, groups and skills (current ones unless includeRetired=true); for browsers (Accept: text/html), its page",
      content: { 'application/json': SkillsFrameworkSchema, 'text/html': HtmlPage },
    },
  },
  'GET /skills/{skillId}': {
    params: GetSkillParams,
    response: {
      status: 200,
      description: 'The skill as JSON, or for browsers (Accept: text/html) its page: the opportunities and badges that build it, level by level',
      content: { 'application/json': SkillJsonSchema, 'text/html': HtmlPage },
    },
  },
} satisfies GroupContract<'skills'>;

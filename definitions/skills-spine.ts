// The city's skills spine (the config's `skills`): read at deploy by the stack, and by the spine sync
// and the functions that show it. A module apart from the city config so that a Lambda that reads the
// spine does not build the whole config's schema at its cold start.
import * as z from 'zod/mini';
import { slug, text } from './config-fields';

export const SkillLevelSchema = z.object({
  id: slug,
  name: text(60),
  description: text(500),
});

export const SkillGroupSchema = z.object({
  id: slug,
  name: text(80),
  description: z.optional(text(500)),
});

export const SpineSkillSchema = z.object({
  id: slug,
  name: text(120),
  description: text(1000),
  group: slug,
  keywords: z._default(z.array(text(40)).check(z.maxLength(20)), []),
  // What the skill looks like at each level of the spine, keyed by level id.
  levels: z._default(z.record(slug, text(500)), {}),
});

export const SkillsSpineSchema = z
  .object({
    name: text(120),
    version: text(40),
    description: z.optional(text(1000)),
    levels: z.array(SkillLevelSchema).check(z.minLength(1), z.maxLength(10)),
    groups: z.array(SkillGroupSchema).check(z.minLength(1), z.maxLength(50)),
    skills: z.array(SpineSkillSchema).check(z.minLength(1), z.maxLength(500)),
  })
  .check(
    z.superRefine((spine, ctx) => {
      const unique = (key: 'levels' | 'groups' | 'skills') => {
        const seen = new Set<string>();
        spine[key].forEach((item, index) => {
          if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, index, 'id'], message: `duplicate id "${item.id}"` });
          seen.add(item.id);
        });
      };
      unique('levels');
      unique('groups');
      unique('skills');
      const groups = new Set(spine.groups.map((g) => g.id));
      const levels = new Set(spine.levels.map((l) => l.id));
      spine.skills.forEach((skill, index) => {
        if (!groups.has(skill.group)) {
          ctx.addIssue({ code: 'custom', path: ['skills', index, 'group'], message: `unknown group "${skill.group}"` });
        }
        for (const level of Object.keys(skill.levels)) {
          if (!levels.has(level)) {
            ctx.addIssue({ code: 'custom', path: ['skills', index, 'levels', level], message: `unknown level "${level}"` });
          }
        }
      });
    }),
  );
export type SkillsSpine = z.infer<typeof SkillsSpineSchema>;
export type SpineSkill = z.infer<typeof SpineSkillSchema>;

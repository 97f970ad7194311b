import * as z from 'zod/mini';

export const skillId = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a skill id: a lowercase slug of 3-40 characters'));

export const GetSkillParams = z.object({ skillId });

export const ListSkillsQuery = z.object({
  group: z.optional(
    z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a group id: a lowercase slug'), z.describe("Only this group's skills (400 if the spine has no such group)")),
  ),
  /** Retired skills are left out unless asked for. */
  includeRetired: z.optional(z.enum(['true', 'false']).check(z.describe('Include skills no longer in the spine'))),
});

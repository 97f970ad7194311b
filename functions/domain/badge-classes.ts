// A badge class (Open Badges 2.0 BadgeClass, 3.0 Achievement): what a provider recognises. Every change
// makes a new version; an award points at the version it was made from, so changing a class never
// rewrites badges already awarded.
import * as z from 'zod/mini';
import { providerId } from './providers';
import type { Skill } from './skills';
import { presentSkill } from './skills';
import { invalid, type FieldProblem } from './errors';
import type { Principal } from './api-keys';

export const BADGE_CLASS_ID_LENGTH = 16; // 80 random bits

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a lowercase slug'));

export const CriteriaSchema = z
  .object({ narrative: z.optional(text(5000)), url: z.optional(z.httpUrl().check(z.maxLength(2000))) })
  .check(z.refine((c) => c.narrative !== undefined || c.url !== undefined, 'needs a narrative, a url, or both'));

const classFields = {
  name: text(200),
  description: text(2000),
  criteria: CriteriaSchema,
  /** Skills of the city's spine that the badge evidences, optionally at one of the spine's levels. */
  alignments: z.array(z.object({ skillId: slug, level: z.optional(slug) })).check(z.maxLength(20)),
  tags: z.array(text(50)).check(z.maxLength(20)),
  /** Awards expire this many days after they are issued; none if absent. */
  expiresAfterDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(36500))),
};

export const NewBadgeClassSchema = z.object({
  ...classFields,
  alignments: z._default(classFields.alignments, []),
  tags: z._default(classFields.tags, []),
  /** Which provider issues it: a provider key issues for itself; a city admin must name one. */
  issuerId: z.optional(providerId),
  /**
   * Whether a learner may be awarded it more than once (attendance badges). Otherwise a learner holds it
   * at most once, which the table enforces. Fixed when the class is created: earlier awards were made
   * under it.
   */
  repeatable: z.optional(z.boolean().check(z.describe('A learner may be awarded it more than once (attendance badges); default false: once per learner, enforced'))),
});
export const BadgeClassChangesSchema = z
  .partial(z.object(classFields))
  .check(z.refine((changes) => Object.values(changes).some((v) => v !== undefined), 'must change at least one field'));

export const AlignmentSchema = z.object({
  skillId: z.string(),
  level: z.optional(z.string()),
  targetName: z.string(),
  targetUrl: z.string(),
  targetDescription: z.string(),
  targetFramework: z.string(),
  targetCode: z.string(),
});

export const BadgeClassSchema = z.object({
  id: z.string(),
  version: z.number(),
  issuerId: z.string(),
  name: z.string(),
  description: z.string(),
  criteria: z.object({ narrative: z.optional(z.string()), url: z.optional(z.string()) }),
  alignments: z.array(AlignmentSchema),
  tags: z.array(z.string()),
  expiresAfterDays: z.optional(z.number()),
  /** Absent on classes made before it existed: those are not repeatable. */
  repeatable: z.optional(z.boolean()),
  image: z.object({ key: z.string(), type: z.enum(['png', 'svg']) }),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BadgeClass = z.infer<typeof BadgeClassSchema>;

/** An active badge class as a skill lists it: enough for a link, its image and the levels it names for that skill. */
export const AlignedBadgeClassSchema = z.object({
  id: z.string(),
  version: z.number(),
  issuerId: z.string(),
  name: z.string(),
  description: z.string(),
  skillId: z.string(),
  /** The levels of this skill the class names (none: the skill at any level). */
  levels: z.array(z.string()),
  createdAt: z.string(),
});
export type AlignedBadgeClass = z.infer<typeof AlignedBadgeClassSchema>;
export type NewBadgeClass = z.infer<typeof NewBadgeClassSchema>;
export type BadgeClassChanges = z.infer<typeof BadgeClassChangesSchema>;

/**
 * Resolves requested alignments against the spine: each must name a current skill (and a level of the
 * spine, if any). Errors name the field, e.g. `alignments[1].skillId`.
 */
export function resolveAlignments(
  requested: { skillId: string; level?: string }[],
  skills: Map<string, Skill>,
  baseUrl: string,
): BadgeClass['alignments'] {
  const problems: FieldProblem[] = [];
  const resolved = requested.flatMap((alignment, index) => {
    const skill = skills.get(alignment.skillId);
    if (!skill || skill.retired) {
      problems.push({ in: 'body', field: `alignments[${index}].skillId`, detail: `is not a skill of the city's spine` });
      return [];
    }
    const level = alignment.level ? skill.levels.find((l) => l.id === alignment.level) : undefined;
    if (alignment.level && !level) {
      problems.push({ in: 'body', field: `alignments[${index}].level`, detail: `is not a level of the spine` });
      return [];
    }
    const { alignment: target } = presentSkill(skill, baseUrl);
    return [{ skillId: skill.id, ...(level ? { level: level.id } : {}), ...target, ...(level ? { targetName: `${target.targetName} (${level.name})` } : {}) }];
  });
  if (problems.length) throw invalid(problems);
  return resolved;
}

/** An alignment as both Open Badges formats publish it (without our own skill id and level). */
export const openBadgesAlignment = ({ targetName, targetUrl, targetDescription, targetFramework, targetCode }: BadgeClass['alignments'][number]) => ({
  targetName,
  targetUrl,
  targetDescription,
  targetFramework,
  targetCode,
});

export const badgeClassUrls = (baseUrl: string, id: string, version: number) => {
  const current = `${baseUrl}/badge-classes/${id}`;
  const versioned = `${current}/versions/${version}`;
  return { current, versioned, image: `${versioned}/image` };
};

/**
 * Which provider a new badge class is for: a provider's own (naming another in the body is refused), or
 * the one a city admin names. The body's field keeps its public name, `issuerId` (docs/data-model.md, "Names").
 */
export function badgeClassProvider(principal: Principal, input: Pick<NewBadgeClass, 'issuerId'>): string {
  if (principal.role === 'provider') {
    if (input.issuerId && input.issuerId !== principal.providerId) {
      throw invalid([{ in: 'body', field: 'issuerId', detail: 'must be your own provider id (or left out)' }]);
    }
    return principal.providerId!;
  }
  if (!input.issuerId) throw invalid([{ in: 'body', field: 'issuerId', detail: 'is required when a city admin creates a badge class' }]);
  return input.issuerId;
}

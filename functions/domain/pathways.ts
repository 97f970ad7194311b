// A pathway: steps (badge classes and opportunities) under a completion rule, leading to a destination
// (an opportunity of the directory, or a page elsewhere), optionally crowned by a milestone badge that
// the city awards when a learner's badges satisfy the rule. Pure: no AWS, no I/O.
//
// Drafted, then published, versioned. The pathway item holds the working draft and a copy of the
// current published version; each published version is also kept, immutable, under its number. Edits
// change the draft only; publishing makes the draft version n + 1.
//
// Learners' progress across versions (the documented rule): a learner is always measured against the
// current published version, and the milestone consumer evaluates only the current version (the index of
// rules by badge class holds nothing else). A milestone once awarded is never taken back by a later
// version, so a learner who completed version 1 keeps its milestone however version 2 changes. The
// milestone badge class is fixed at the first publication, so that no learner can earn two milestones
// for one pathway. Making a pathway harder for learners part-way along is the author's choice; one who
// wants to keep earlier learners whole publishes a new pathway instead.
import * as z from 'zod/mini';
import { randomIdPattern } from './ids';
import { badgeClassesOf, ruleSchema, type Rule } from './pathway-rules';
import { providerId } from './providers';

export const PATHWAY_ID_LENGTH = 16;
export const pathwayIdPattern = randomIdPattern(PATHWAY_ID_LENGTH);
/** Skills a pathway is listed under: each is one index item in the publish transaction. */
export const MAX_PATHWAY_SKILLS = 8;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be a lowercase slug'));
const id16 = (what: string) => z.string().check(z.regex(randomIdPattern(16), `must be ${what} id`));

export const DESTINATION_KINDS = ['further-learning', 'apprenticeship', 'job'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** Where the pathway leads: an opportunity of the directory (its kind says which), or a page elsewhere. */
export const DestinationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('opportunity'), opportunityId: id16('an opportunity') }),
  z.object({ type: z.literal('url'), url: z.httpUrl().check(z.maxLength(2000)), name: text(200), kind: z.enum(DESTINATION_KINDS) }),
]);
export type Destination = z.infer<typeof DestinationSchema>;

const contentFields = {
  name: text(200),
  description: text(5000),
  /** Skills of the city's spine the pathway builds: `GET /pathways?skill=` lists it under each. */
  skills: z.array(slug).check(z.minLength(1, 'needs at least one skill'), z.maxLength(MAX_PATHWAY_SKILLS)),
  rule: ruleSchema,
  /** A badge class of the pathway's provider that the city awards when a learner completes the rule. */
  milestoneBadgeClassId: z.optional(id16('a badge class')),
  destination: z.optional(DestinationSchema),
};

export const NewPathwaySchema = z.object({
  ...contentFields,
  /** Whose pathway it is: a provider key makes its own; a city admin names a provider, or none for the city's own. */
  providerId: z.optional(providerId),
});
export type NewPathway = z.infer<typeof NewPathwaySchema>;

export const PathwayChangesSchema = z
  .partial(z.object(contentFields))
  .check(z.refine((changes) => Object.values(changes).some((v) => v !== undefined), 'must change at least one field'));
export type PathwayChanges = z.infer<typeof PathwayChangesSchema>;

/** What a version says: the fields an author writes (stored as parsed). */
export const PathwayContentSchema = z.object({
  name: z.string(),
  description: z.string(),
  skills: z.array(z.string()),
  rule: ruleSchema,
  milestoneBadgeClassId: z.optional(z.string()),
  destination: z.optional(DestinationSchema),
});
export type PathwayContent = z.infer<typeof PathwayContentSchema>;

export const PathwayVersionSchema = z.extend(PathwayContentSchema, { version: z.number(), publishedAt: z.string() });
export type PathwayVersion = z.infer<typeof PathwayVersionSchema>;

export const PATHWAY_STATUSES = ['draft', 'published', 'archived'] as const;

/** The pathway item: its owner, state, working draft and (once published) the current version. */
export const PathwaySchema = z.object({
  id: z.string(),
  /** Absent for the city's own pathways (made by a city admin for no provider). */
  providerId: z.optional(z.string()),
  /** `draft`: never published. `published`: listed, its milestone awarded. `archived`: unlisted, no longer awarded; publishing again lists it. */
  status: z.enum(PATHWAY_STATUSES),
  draft: PathwayContentSchema,
  published: z.optional(PathwayVersionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Pathway = z.infer<typeof PathwaySchema>;

export const applyChanges = (draft: PathwayContent, changes: PathwayChanges): PathwayContent => {
  const next = { ...draft };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  return PathwayContentSchema.parse(next);
};

/** Whether the draft says anything the current published version does not. */
export function hasUnpublishedChanges(pathway: Pathway): boolean {
  if (!pathway.published) return true;
  const { version: _v, publishedAt: _p, ...published } = pathway.published;
  return canonical(published) !== canonical(pathway.draft);
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));

/** How many steps a learner sees: the badge classes and opportunities of the rule. */
export function stepCount(rule: Rule): number {
  return rule.type === 'group' ? rule.of.reduce((n, child) => n + stepCount(child), 0) : 1;
}

/** Every opportunity the rule names, each once, in rule order. */
export function opportunitiesOf(rule: Rule): string[] {
  if (rule.type === 'opportunity') return [rule.opportunityId];
  if (rule.type === 'badge-class') return [];
  return [...new Set(rule.of.flatMap(opportunitiesOf))];
}

/** The rule with each opportunity step's badge classes as the directory gives them now. */
export function withOpportunityClasses(rule: Rule, classesOf: (opportunityId: string) => string[]): Rule {
  if (rule.type === 'opportunity') return { ...rule, badgeClassIds: classesOf(rule.opportunityId) };
  if (rule.type === 'badge-class') return rule;
  return { ...rule, of: rule.of.map((child) => withOpportunityClasses(child, classesOf)) };
}

/** The badge classes a version names: its steps' and its milestone. */
export const referencedBadgeClasses = (content: PathwayContent) => [...new Set([...badgeClassesOf(content.rule), ...(content.milestoneBadgeClassId ? [content.milestoneBadgeClassId] : [])])];

/** Sorts pathways by name in lists: case and accents folded, then the id. */
export const nameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 80);

/** A published pathway as lists show it: answered from the index items alone. */
export const PathwayCardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    summary: z.string(),
    providerId: z.optional(z.string()),
    providerName: z.string(),
    skills: z.array(z.string()),
    steps: z.number(),
    version: z.number(),
    publishedAt: z.string(),
    milestoneBadgeClassId: z.optional(z.string()),
    destination: z.optional(z.object({ kind: z.enum(DESTINATION_KINDS), name: z.string() })),
  })
  .check(z.meta({ id: 'PathwayCard', description: 'A published pathway as lists show it' }));
export type PathwayCard = z.infer<typeof PathwayCardSchema>;

/** One published rule that names a badge class: what the milestone consumer evaluates on an award of it. */
export const PathwayRuleEntrySchema = z.object({
  pathwayId: z.string(),
  name: z.string(),
  version: z.number(),
  milestoneBadgeClassId: z.optional(z.string()),
  rule: ruleSchema,
});
export type PathwayRuleEntry = z.infer<typeof PathwayRuleEntrySchema>;

/** The first paragraph, cut at a word near `max` characters. */
export function summaryOf(description: string, max = 240): string {
  const first = description.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40)).trimEnd()}…`;
}

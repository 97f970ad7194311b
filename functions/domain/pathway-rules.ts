// A pathway's completion rule: a tree that says which badges a learner must hold, how many of a set,
// from how many different groups, in what order and within what time. Pure: no AWS, no I/O.
//
// It is modelled on Credential Engine's CTDL so that the CTDL export (functions/domain/pathway-ctdl.ts)
// is a direct mapping, node for node:
// - every node is a `ceterms:PathwayComponent`: a `badge-class` leaf a `CredentialComponent` (proxyFor the
//   badge class), an `opportunity` leaf a Course/Job/WorkExperience/Extracurricular/BasicComponent, and a
//   `group` a `SelectionComponent`;
// - a group's `required` and children are its `ceterms:ComponentCondition`: `ceterms:requiredNumber` of
//   `ceterms:targetComponent` (and `ceterms:hasChild`);
// - `order: 'required'` is `ceterms:prerequisite` between consecutive children, `order: 'suggested'` is
//   `ceterms:precedes` (a suggested order only: presentation, never checked);
// - `distinct` (N from different skill groups or tags) becomes the condition's description and each
//   leaf's `ceterms:componentCategory`; a `window` the condition's description (CTDL has no property
//   for a time limit on a condition).
//
// An opportunity leaf is completed by holding any one of the badge classes the opportunity awarded when
// the pathway version was published: the ids are copied into the leaf (`badgeClassIds`) when it is saved
// and again at publish time, so evaluating a rule never reads the directory and a published version
// never changes. A leaf without them (an unsaved request) is never done.
//
// Each badge class may appear in one leaf only (one award never counts twice), which keeps evaluation
// exact and cheap: a leaf is done by the earliest holding of its classes that the constraints allow.
import * as z from 'zod/mini';

const id = z.string().check(z.regex(/^[a-z2-7]{16}$/, 'must be a badge class id (16 base32 characters)'));
const opportunityId = z.string().check(z.regex(/^[a-z2-7]{16}$/, 'must be an opportunity id (16 base32 characters)'));
const label = z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)));
const instant = z.iso.datetime({ offset: true });

/** The most children of one group, the deepest nesting, the most badge classes in one rule (the publish transaction holds one index item per class). */
export const RULE_LIMITS = { children: 30, depth: 4, badgeClasses: 40 } as const;

export const WindowSchema = z
  .strictObject({
    /** Every contributing badge issued within this many days of the first one. */
    withinDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(3660))),
    /** Only badges issued at or after this time count. */
    from: z.optional(instant),
    /** Only badges issued at or before this time count. */
    until: z.optional(instant),
  })
  .check(
    z.refine((w) => w.withinDays !== undefined || w.from !== undefined || w.until !== undefined, 'needs withinDays, from or until'),
    z.refine((w) => w.from === undefined || w.until === undefined || Date.parse(w.from) <= Date.parse(w.until), 'from must not be after until'),
  );
export type Window = z.infer<typeof WindowSchema>;

const BadgeClassLeaf = z.strictObject({ type: z.literal('badge-class'), badgeClassId: id });
const OpportunityLeaf = z.strictObject({
  type: z.literal('opportunity'),
  opportunityId,
  /**
   * The badge classes the opportunity awards, copied from the directory whenever the pathway is saved
   * or published (a request need not give them): holding any one completes the step. A stored rule
   * always has them.
   */
  badgeClassIds: z.optional(z.array(id).check(z.minLength(1, 'an opportunity step needs a badge class it awards'), z.maxLength(10))),
});

const GroupNode = z.strictObject({
  type: z.literal('group'),
  /** Shown as the step's heading (CTDL: the SelectionComponent's name). */
  name: label,
  /** How many children must be completed; absent means all of them. */
  required: z.optional(z.number().check(z.int(), z.minimum(1))),
  /**
   * `required`: each child is completed (every badge of it issued) no earlier than the one before it
   * was completed (CTDL `prerequisite`). `suggested`: the order is advice (CTDL `precedes`), not checked.
   */
  order: z.optional(z.enum(['required', 'suggested'])),
  /** The `required` children must come from that many different skill groups (or tags): leaves only. */
  distinct: z.optional(z.enum(['skill-group', 'tag'])),
  window: z.optional(WindowSchema),
  get of() {
    return z.array(ruleNode).check(z.minLength(1, 'a group needs at least one step'), z.maxLength(RULE_LIMITS.children));
  },
});

// Strict objects: a misspelt property (`requierd`) is an error, not a rule that silently asks for all;
// and the schema is the same as a request and as an answer, so the API document names it once.
const ruleNode = z.discriminatedUnion('type', [BadgeClassLeaf, OpportunityLeaf, GroupNode]);
// Named (once the union exists: a check would read the group's shape, hence the union, too early) so
// that the API document shows the recursion as a reference to it.
z.globalRegistry.add(GroupNode, { id: 'PathwayRuleGroup', description: 'A group of steps: all of them, or `required` of them, optionally from different skill groups or tags, in a required or suggested order, within a time window' });

export type Rule = z.infer<typeof ruleNode>;
export type RuleGroup = Extract<Rule, { type: 'group' }>;
export type RuleLeaf = Exclude<Rule, { type: 'group' }>;

/** Badge classes of a leaf: the one named, or those its opportunity awards. */
const leafClasses = (leaf: RuleLeaf) => (leaf.type === 'badge-class' ? [leaf.badgeClassId] : (leaf.badgeClassIds ?? []));

/** Every badge class the rule names, each once, in the order the rule names them. */
export function badgeClassesOf(rule: Rule): string[] {
  if (rule.type !== 'group') return [...new Set(leafClasses(rule))];
  return [...new Set(rule.of.flatMap(badgeClassesOf))];
}

/** What makes a tree a rule beyond each node's shape; each problem names its path (`of[2].required`). */
function structuralProblems(rule: Rule): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, string>();
  const walk = (node: Rule, path: (string | number)[], depth: number) => {
    if (node.type !== 'group') {
      for (const badgeClassId of leafClasses(node)) {
        const where = path.join('.');
        if (seen.has(badgeClassId)) problems.push({ path, message: `names badge class ${badgeClassId} again (first at ${seen.get(badgeClassId) || 'the top'}): each badge class counts in one step only` });
        else seen.set(badgeClassId, where);
      }
      return;
    }
    if (depth > RULE_LIMITS.depth) problems.push({ path, message: `nests deeper than ${RULE_LIMITS.depth} levels` });
    if (node.required !== undefined && node.required > node.of.length) problems.push({ path: [...path, 'required'], message: `asks for ${node.required} of ${node.of.length} steps` });
    if (node.order === 'required' && node.required !== undefined && node.required < node.of.length) {
      problems.push({ path: [...path, 'order'], message: 'a required order needs every step (leave out required)' });
    }
    if (node.distinct !== undefined && node.of.some((child) => child.type === 'group')) problems.push({ path: [...path, 'distinct'], message: 'steps from different groups must be badge classes or opportunities, not groups' });
    if (node.distinct !== undefined && node.order === 'required') problems.push({ path: [...path, 'order'], message: 'steps from different groups cannot also have a required order' });
    node.of.forEach((child, i) => walk(child, [...path, 'of', i], depth + 1));
  };
  walk(rule, [], 1);
  const classes = badgeClassesOf(rule).length;
  if (classes > RULE_LIMITS.badgeClasses) problems.push({ path: [], message: `names ${classes} badge classes; at most ${RULE_LIMITS.badgeClasses}` });
  return problems;
}

/**
 * A completion rule: a badge class, an opportunity, or a group of rules (all of them, or `required` of
 * them, optionally from different groups, in order, within a time window), nested at most
 * RULE_LIMITS.depth deep.
 */
export const ruleSchema = ruleNode.check(
  z.superRefine((rule, ctx) => {
    for (const problem of structuralProblems(rule)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: rule });
  }),
  z.meta({ id: 'PathwayRule', description: 'A completion rule: a badge class, an opportunity (done by holding a badge class it awards), or a group: all of its steps or `required` of them, optionally from different skill groups or tags, in a required or suggested order, within a time window' }),
);

// ---- Evaluation -----------------------------------------------------------------------------------

/** One badge a learner holds, as the evaluator needs it. */
export interface Holding {
  badgeClassId: string;
  awardId: string;
  issuedOn: string;
  /** The badge class's skill groups and tags, as `groupsOf` labels them. */
  groups: string[];
}

/**
 * The labels `distinct` compares: a badge class's skill groups (of its alignments' skills) and its tags,
 * each prefixed, so that a skill group and a tag of the same name are not taken for one another.
 */
export function groupsOf(skillGroupIds: readonly string[], tags: readonly string[]): string[] {
  return [...new Set([...skillGroupIds.map((g) => `skill-group:${g}`), ...tags.map((t) => `tag:${t.trim().toLowerCase()}`)])];
}

interface Held {
  holding: Holding;
  at: number;
}

/** The times a node's holdings may have: [low, high], epoch milliseconds. */
interface Bounds {
  low: number;
  high: number;
}

interface Done {
  /** When the node was completed: the issue time of the last holding it needed. */
  at: number;
  held: Held[];
}

const DAY_MS = 86_400_000;

function narrowed(bounds: Bounds, window: Window | undefined): Bounds {
  if (!window) return bounds;
  return {
    low: window.from ? Math.max(bounds.low, Date.parse(window.from)) : bounds.low,
    high: window.until ? Math.min(bounds.high, Date.parse(window.until)) : bounds.high,
  };
}

/** A badge class's holdings, earliest first. */
type Index = Map<string, Held[]>;

function leafDone(leaf: RuleLeaf, index: Index, bounds: Bounds): Done | undefined {
  let best: Held | undefined;
  for (const badgeClassId of leafClasses(leaf)) {
    const first = index.get(badgeClassId)?.find((h) => h.at >= bounds.low && h.at <= bounds.high);
    if (first && (!best || first.at < best.at)) best = first;
  }
  return best && { at: best.at, held: [best] };
}

/** The earliest the group is done with `required` leaves matched to as many different groups. */
function distinctDone(group: RuleGroup, index: Index, bounds: Bounds, required: number): Done | undefined {
  const prefix = group.distinct === 'tag' ? 'tag:' : 'skill-group:';
  const candidates: { leaf: number; held: Held }[] = [];
  group.of.forEach((child, leaf) => {
    if (child.type === 'group') return;
    for (const badgeClassId of leafClasses(child)) {
      for (const held of index.get(badgeClassId) ?? []) if (held.at >= bounds.low && held.at <= bounds.high) candidates.push({ leaf, held });
    }
  });
  candidates.sort((a, b) => a.held.at - b.held.at || a.leaf - b.leaf);
  // Kuhn's augmenting paths: leaves on one side, labels on the other; each edge is the earliest holding
  // of that leaf with that label. Adding candidates in time order, the matching first reaches `required`
  // at the earliest time the group can be done.
  const edges = new Map<number, Map<string, Held>>();
  const labelOf = new Map<number, string>();
  const leafOf = new Map<string, number>();
  const augment = (leaf: number, visited: Set<string>): boolean => {
    for (const label of edges.get(leaf)?.keys() ?? []) {
      if (visited.has(label)) continue;
      visited.add(label);
      const owner = leafOf.get(label);
      if (owner === undefined || augment(owner, visited)) {
        leafOf.set(label, leaf);
        labelOf.set(leaf, label);
        return true;
      }
    }
    return false;
  };
  for (const { leaf, held } of candidates) {
    const labels = edges.get(leaf) ?? new Map<string, Held>();
    edges.set(leaf, labels);
    let added = false;
    for (const label of held.holding.groups) {
      if (!label.startsWith(prefix) || labels.has(label)) continue;
      labels.set(label, held);
      added = true;
    }
    if (!added) continue;
    // A new edge can open an augmenting path from any leaf still unmatched; one that fails now fails
    // until another edge is added (Kuhn), so each is tried once per new edge.
    for (const other of edges.keys()) if (!labelOf.has(other)) augment(other, new Set());
    if (labelOf.size >= required) {
      const chosen = [...labelOf].map(([l, label]) => edges.get(l)!.get(label)!);
      return { at: held.at, held: chosen };
    }
  }
  return undefined;
}

function groupDone(group: RuleGroup, index: Index, bounds: Bounds): Done | undefined {
  const required = group.required ?? group.of.length;
  if (group.distinct) return distinctDone(group, index, bounds, required);
  if (group.order === 'required') {
    const held: Held[] = [];
    let low = bounds.low;
    for (const child of group.of) {
      const done = nodeDone(child, index, { low, high: bounds.high });
      if (!done) return undefined;
      held.push(...done.held);
      low = done.at;
    }
    return { at: low, held };
  }
  const children = group.of.map((child) => nodeDone(child, index, bounds)).filter((d): d is Done => d !== undefined);
  if (children.length < required) return undefined;
  const earliest = children.sort((a, b) => a.at - b.at).slice(0, required);
  return { at: earliest[earliest.length - 1]!.at, held: earliest.flatMap((d) => d.held) };
}

function nodeDone(rule: Rule, index: Index, outer: Bounds): Done | undefined {
  if (rule.type !== 'group') return leafDone(rule, index, outer);
  const bounds = narrowed(outer, rule.window);
  if (bounds.low > bounds.high) return undefined;
  const days = rule.window?.withinDays;
  if (days === undefined) return groupDone(rule, index, bounds);
  // Within N days: some holding starts the span; try each one that could, keep the earliest finish.
  const starts = new Set<number>();
  for (const badgeClassId of badgeClassesOf(rule)) for (const h of index.get(badgeClassId) ?? []) if (h.at >= bounds.low && h.at <= bounds.high) starts.add(h.at);
  let best: Done | undefined;
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (best && start > best.at) break;
    const done = groupDone(rule, index, { low: start, high: Math.min(bounds.high, start + days * DAY_MS) });
    if (done && (!best || done.at < best.at)) best = done;
  }
  return best;
}

/**
 * Whether the holdings satisfy the rule and, when they do, the awards that do it: the earliest way to
 * complete it (each leaf by its earliest holding the rule's order and windows allow). Holdings of
 * badge classes the rule does not name, and holdings with an unreadable `issuedOn`, are ignored.
 */
export function evaluate(rule: Rule, holdings: readonly Holding[]): { met: boolean; contributing: string[] } {
  const index: Index = new Map();
  for (const holding of holdings) {
    const at = Date.parse(holding.issuedOn);
    if (Number.isNaN(at)) continue;
    const list = index.get(holding.badgeClassId) ?? [];
    list.push({ holding, at });
    index.set(holding.badgeClassId, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.at - b.at || a.holding.awardId.localeCompare(b.holding.awardId));
  const done = nodeDone(rule, index, { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY });
  if (!done) return { met: false, contributing: [] };
  const ordered = [...new Map(done.held.map((h) => [h.holding.awardId, h])).values()].sort((a, b) => a.at - b.at || a.holding.awardId.localeCompare(b.holding.awardId));
  return { met: true, contributing: ordered.map((h) => h.holding.awardId) };
}

// A learner's progress along a pathway, as the pathway page and the passport show it: which steps are
// done (a step is done when they hold its badge class, or any badge class of its opportunity), how many
// of how many, and whether the rule is met (evaluate: the completion rule itself, not a count).
import { evaluate, type Holding, type Rule } from './pathway-rules';

type Leaf = Exclude<Rule, { type: 'group' }>;

/** The badge classes whose holding completes the step. */
export const stepClasses = (leaf: Leaf): string[] => (leaf.type === 'badge-class' ? [leaf.badgeClassId] : (leaf.badgeClassIds ?? []));

const stepsOf = (rule: Rule): Leaf[] => (rule.type === 'group' ? rule.of.flatMap(stepsOf) : [rule]);

export interface Progress {
  done: number;
  steps: number;
  met: boolean;
}

export function progressOf(rule: Rule, holdings: readonly Holding[]): Progress {
  const held = new Set(holdings.map((h) => h.badgeClassId));
  const steps = stepsOf(rule);
  return { done: steps.filter((leaf) => stepClasses(leaf).some((id) => held.has(id))).length, steps: steps.length, met: evaluate(rule, holdings).met };
}

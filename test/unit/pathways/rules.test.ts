// Completion rules: the schema refuses what cannot be evaluated exactly (a class in two steps, N of
// fewer, groups under `distinct`), and evaluate agrees with a brute-force reading of the rule's meaning
// on random rules and holdings (fast-check): met iff some choice of one holding (or none) per step
// satisfies every condition, the awards it names are such a choice, and holding more never unmeets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { badgeClassesOf, evaluate, groupsOf, ruleSchema, type Holding, type Rule } from '../../../functions/domain/pathway-rules';
import { fieldName } from '../../../functions/domain/errors';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const day = (d: number) => new Date(T0 + d * DAY).toISOString();
const cls = (n: number) => `class${'abcdefghijklmnop'[n]}aaaaaaaaaa`;
const badge = (n: number): Rule => ({ type: 'badge-class', badgeClassId: cls(n) });
const held = (n: number, d: number, groups: string[] = [], award = `award-${n}-${d}`): Holding => ({ badgeClassId: cls(n), awardId: award, issuedOn: day(d), groups });

const problems = (value: unknown) => {
  const result = ruleSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${fieldName(i.path)}: ${i.message}`);
};

describe('the rule schema', () => {
  it('takes nested groups and names every bad field', () => {
    expect(problems({ type: 'group', of: [badge(0), { type: 'group', required: 1, of: [badge(1), badge(2)] }] })).toEqual([]);
    expect(problems({ type: 'group', required: 3, of: [badge(0), badge(1)] })).toEqual(['required: asks for 3 of 2 steps']);
    expect(problems({ type: 'group', of: [badge(0), badge(0)] })[0]).toMatch(/^of\[1\]: names badge class .* again/);
    expect(problems({ type: 'group', of: [badge(0), { type: 'opportunity', opportunityId: 'bbbbbbbbbbbbbbbb', badgeClassIds: [cls(0)] }] })[0]).toMatch(/^of\[1\]: names badge class/);
    expect(problems({ type: 'group', distinct: 'skill-group', of: [badge(0), { type: 'group', of: [badge(1)] }] })).toEqual(['distinct: steps from different groups must be badge classes or opportunities, not groups']);
    expect(problems({ type: 'group', order: 'required', required: 1, of: [badge(0), badge(1)] })).toEqual(['order: a required order needs every step (leave out required)']);
    expect(problems({ type: 'group', of: [] })).toEqual(['of: a group needs at least one step']);
    expect(problems({ type: 'badge-class', badgeClassId: 'NOT-AN-ID' })).toEqual(['badgeClassId: must be a badge class id (16 base32 characters)']);
    expect(problems({ type: 'group', window: {}, of: [badge(0)] })).toEqual(['window: needs withinDays, from or until']);
    expect(problems({ type: 'group', window: { from: day(5), until: day(1) }, of: [badge(0)] })).toEqual(['window: from must not be after until']);
    const deep: unknown = [1, 2, 3, 4].reduce<unknown>((inner) => ({ type: 'group', of: [inner] }), badge(0));
    expect(problems({ type: 'group', of: [deep] })).toEqual(['of[0].of[0].of[0].of[0]: nests deeper than 4 levels']);
  });

  it('lists each badge class once, opportunities’ included', () => {
    const rule = ruleSchema.parse({ type: 'group', of: [badge(2), { type: 'opportunity', opportunityId: 'bbbbbbbbbbbbbbbb', badgeClassIds: [cls(0), cls(1)] }] });
    expect(badgeClassesOf(rule)).toEqual([cls(2), cls(0), cls(1)]);
  });
});

describe('evaluate, by example', () => {
  it('"A and B, and any one of C, D, E"', () => {
    const rule: Rule = { type: 'group', of: [badge(0), badge(1), { type: 'group', required: 1, of: [badge(2), badge(3), badge(4)] }] };
    expect(evaluate(rule, [held(0, 1), held(1, 2)]).met).toBe(false);
    expect(evaluate(rule, [held(0, 1), held(1, 2), held(3, 3), held(4, 4)])).toEqual({ met: true, contributing: ['award-0-1', 'award-1-2', 'award-3-3'] });
  });

  it('Chicago style: three from three different skill groups', () => {
    const rule: Rule = { type: 'group', required: 3, distinct: 'skill-group', of: [0, 1, 2, 3].map(badge) };
    const arts = groupsOf(['arts'], []);
    const stem = groupsOf(['stem'], ['arts']);
    expect(evaluate(rule, [held(0, 1, arts), held(1, 2, arts), held(2, 3, stem)]).met).toBe(false);
    // Class 3 is both arts and civic: it takes civic, so that class 0 can be the arts one.
    expect(evaluate(rule, [held(0, 1, arts), held(1, 2, arts), held(2, 3, stem), held(3, 4, groupsOf(['arts', 'civic'], []))])).toEqual({ met: true, contributing: ['award-0-1', 'award-2-3', 'award-3-4'] });
  });

  it('a required order is checked, a suggested one is not', () => {
    const steps = [badge(0), badge(1)];
    expect(evaluate({ type: 'group', order: 'required', of: steps }, [held(0, 5), held(1, 2)]).met).toBe(false);
    expect(evaluate({ type: 'group', order: 'required', of: steps }, [held(0, 5), held(1, 2), held(1, 6, [], 'again')]).contributing).toEqual(['award-0-5', 'again']);
    expect(evaluate({ type: 'group', order: 'suggested', of: steps }, [held(0, 5), held(1, 2)]).met).toBe(true);
  });

  it('a time window bounds the span of the badges or their dates', () => {
    const rule: Rule = { type: 'group', window: { withinDays: 3 }, of: [badge(0), badge(1)] };
    expect(evaluate(rule, [held(0, 1), held(1, 5)]).met).toBe(false);
    expect(evaluate(rule, [held(0, 1), held(1, 5), held(0, 4, [], 'later')]).contributing).toEqual(['later', 'award-1-5']);
    expect(evaluate({ type: 'group', window: { from: day(3) }, of: [badge(0)] }, [held(0, 1)]).met).toBe(false);
  });

  it('an opportunity is done by any badge class it awards; other holdings and bad dates are ignored', () => {
    const rule: Rule = { type: 'opportunity', opportunityId: 'bbbbbbbbbbbbbbbb', badgeClassIds: [cls(0), cls(1)] };
    expect(evaluate(rule, [held(1, 3)])).toEqual({ met: true, contributing: ['award-1-3'] });
    expect(evaluate(rule, [held(5, 3), { ...held(0, 1), issuedOn: 'yesterday' }]).met).toBe(false);
  });
});

// ---- Property tests against a brute-force reading of the rule --------------------------------------

const LABELS = ['skill-group:a', 'skill-group:b', 'skill-group:c', 'tag:x', 'tag:y'];

/** A rule's shape; badge classes are given out afterwards, so that no two steps share one. */
type Shape = { leaf: 'badge' } | { leaf: 'opportunity'; classes: 1 | 2 } | { group: Omit<Extract<Rule, { type: 'group' }>, 'type' | 'of'>; of: Shape[] };

const windowArb = fc.option(
  fc.oneof(
    fc.record({ withinDays: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ from: fc.integer({ min: 0, max: 6 }).map(day) }),
    fc.record({ until: fc.integer({ min: 3, max: 10 }).map(day) }),
  ),
  { nil: undefined },
);

const leafShape = fc.oneof(fc.constant<Shape>({ leaf: 'badge' }), fc.constantFrom<Shape>({ leaf: 'opportunity', classes: 1 }, { leaf: 'opportunity', classes: 2 }));
const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafShape,
    fc
      .record({
        of: fc.array(tie('shape'), { minLength: 1, maxLength: 3 }),
        required: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        order: fc.option(fc.constantFrom('required' as const, 'suggested' as const), { nil: undefined }),
        distinct: fc.option(fc.constantFrom('skill-group' as const, 'tag' as const), { nil: undefined }),
        window: windowArb,
      })
      .map(({ of, required, order, distinct, window }): Shape => {
        const leavesOnly = of.every((c) => 'leaf' in c);
        const d = distinct && leavesOnly ? distinct : undefined;
        const r = required === undefined ? undefined : Math.min(required, of.length);
        const o = order === 'required' && (d || (r !== undefined && r < of.length)) ? undefined : order;
        return { group: { ...(r !== undefined ? { required: r } : {}), ...(o ? { order: o } : {}), ...(d ? { distinct: d } : {}), ...(window ? { window } : {}) }, of };
      }),
  ),
}));

function build(s: Shape, next: { n: number }): Rule {
  if ('leaf' in s) {
    if (s.leaf === 'badge') return badge(next.n++);
    const classes = Array.from({ length: s.classes }, () => cls(next.n++));
    return { type: 'opportunity', opportunityId: 'bbbbbbbbbbbbbbbb', badgeClassIds: classes };
  }
  return { type: 'group', ...s.group, of: s.of.map((c) => build(c, next)) };
}

const ruleArb = shape.map((s) => build(s, { n: 0 })).filter((r) => badgeClassesOf(r).length <= 7 && ruleSchema.safeParse(r).success);

const holdingsArb = fc
  .tuple(
    fc.array(fc.subarray(LABELS), { minLength: 16, maxLength: 16 }),
    fc.array(fc.record({ n: fc.integer({ min: 0, max: 7 }), d: fc.integer({ min: 0, max: 10 }) }), { maxLength: 9 }),
  )
  .map(([groups, hs]) => hs.map(({ n, d }, i) => held(n, d, groups[n]!, `award-${i}`)));

type Assignment = Map<RuleLeafKey, Holding | undefined>;
type RuleLeafKey = Rule;

const leavesOf = (r: Rule): Rule[] => (r.type === 'group' ? r.of.flatMap(leavesOf) : [r]);
const classesOfLeaf = (r: Rule) => (r.type === 'badge-class' ? [r.badgeClassId] : r.type === 'opportunity' ? (r.badgeClassIds ?? []) : []);

/** Whether `chosen` labels can be matched to `required` different labels (brute force). */
function distinctMatch(options: string[][], required: number): boolean {
  const go = (i: number, used: Set<string>, count: number): boolean => {
    if (count >= required) return true;
    if (i === options.length) return false;
    if (go(i + 1, used, count)) return true;
    for (const label of options[i]!) {
      if (used.has(label)) continue;
      used.add(label);
      if (go(i + 1, used, count + 1)) return true;
      used.delete(label);
    }
    return false;
  };
  return go(0, new Set(), 0);
}

/** The rule's meaning for one choice of holding (or none) per step: whether it is met, and the times chosen. */
function meaning(r: Rule, a: Assignment): { ok: boolean; times: number[] } {
  if (r.type !== 'group') {
    const h = a.get(r);
    return h ? { ok: true, times: [Date.parse(h.issuedOn)] } : { ok: false, times: [] };
  }
  const children = r.of.map((c) => meaning(c, a));
  const times = children.flatMap((c) => c.times);
  const w = r.window;
  if (w?.from && times.some((t) => t < Date.parse(w.from!))) return { ok: false, times };
  if (w?.until && times.some((t) => t > Date.parse(w.until!))) return { ok: false, times };
  if (w?.withinDays && times.length && Math.max(...times) - Math.min(...times) > w.withinDays * DAY) return { ok: false, times };
  const required = r.required ?? r.of.length;
  if (r.distinct) {
    const prefix = r.distinct === 'tag' ? 'tag:' : 'skill-group:';
    const options = r.of.map((c) => a.get(c)).filter((h): h is Holding => h !== undefined).map((h) => h.groups.filter((g) => g.startsWith(prefix)));
    return { ok: distinctMatch(options, required), times };
  }
  if (r.order === 'required') {
    for (let i = 1; i < children.length; i++) {
      if (children[i]!.times.length && children[i - 1]!.times.length && Math.min(...children[i]!.times) < Math.max(...children[i - 1]!.times)) return { ok: false, times };
    }
  }
  return { ok: children.filter((c) => c.ok).length >= required, times };
}

function* assignments(rule: Rule, holdings: Holding[]): Generator<Assignment> {
  const leaves = leavesOf(rule);
  const options = leaves.map((leaf) => [undefined, ...holdings.filter((h) => classesOfLeaf(leaf).includes(h.badgeClassId))]);
  const pick = (i: number, a: Assignment): Generator<Assignment> =>
    (function* () {
      if (i === leaves.length) {
        yield new Map(a);
        return;
      }
      for (const option of options[i]!) {
        a.set(leaves[i]!, option);
        yield* pick(i + 1, a);
      }
    })();
  yield* pick(0, new Map());
}

const bruteForceMet = (rule: Rule, holdings: Holding[]) => {
  for (const a of assignments(rule, holdings)) if (meaning(rule, a).ok) return true;
  return false;
};

describe('evaluate, against the brute-force meaning', () => {
  it('is met exactly when some choice of holdings satisfies the rule, and names such a choice', () => {
    fc.assert(
      fc.property(ruleArb, holdingsArb, (rule, holdings) => {
        const result = evaluate(rule, holdings);
        expect(result.met).toBe(bruteForceMet(rule, holdings));
        if (!result.met) {
          expect(result.contributing).toEqual([]);
          return;
        }
        const byAward = new Map(holdings.map((h) => [h.awardId, h]));
        const chosen = result.contributing.map((id) => byAward.get(id)!);
        expect(new Set(result.contributing).size).toBe(result.contributing.length);
        const witness: Assignment = new Map(leavesOf(rule).map((leaf) => [leaf, chosen.find((h) => classesOfLeaf(leaf).includes(h.badgeClassId))]));
        expect(meaning(rule, witness).ok).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never becomes unmet by holding more badges', () => {
    fc.assert(
      fc.property(ruleArb, holdingsArb, holdingsArb, (rule, some, more) => {
        if (evaluate(rule, some).met) expect(evaluate(rule, [...some, ...more.map((h) => ({ ...h, awardId: `more-${h.awardId}` }))]).met).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order holdings are given in', () => {
    fc.assert(
      fc.property(ruleArb, holdingsArb, (rule, holdings) => {
        expect(evaluate(rule, [...holdings].reverse())).toEqual(evaluate(rule, holdings));
      }),
      { numRuns: 200 },
    );
  });
});

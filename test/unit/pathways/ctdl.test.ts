// The CTDL export validates against the properties CTDL requires of each type (written here, from the
// Credential Registry's publishing rules for pathways), every reference in it resolves within the
// graph, and it says what the rule says: reading its conditions back (requiredNumber of
// targetComponent, down through SelectionComponents) decides completion exactly as evaluate does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathwayCtdl, type CtdlInput } from '../../../functions/domain/pathway-ctdl';
import { evaluate, type Rule } from '../../../functions/domain/pathway-rules';
import type { PathwayVersion } from '../../../functions/domain/pathways';

/** The properties each type must have, as the Credential Registry requires them to publish a pathway. */
const REQUIRED: Record<string, string[]> = {
  'ceterms:Pathway': ['@id', 'ceterms:ctid', 'ceterms:name', 'ceterms:description', 'ceterms:subjectWebpage', 'ceterms:hasDestinationComponent', 'ceterms:hasChild', 'ceterms:hasPart'],
  component: ['@id', 'ceterms:ctid', 'ceterms:name', 'ceterms:isPartOf'],
  'ceterms:CredentialComponent': ['ceterms:credentialType'],
  'ceterms:SelectionComponent': ['ceterms:hasChild', 'ceterms:hasCondition'],
  'ceterms:ComponentCondition': ['ceterms:description', 'ceterms:requiredNumber', 'ceterms:targetComponent'],
};
/** One of these is required of a pathway: who owns or offers it. */
const ONE_OF_PATHWAY = ['ceterms:ownedBy', 'ceterms:offeredBy'];
const COMPONENT_TYPES = new Set([
  'ceterms:AssessmentComponent',
  'ceterms:BasicComponent',
  'ceterms:CocurricularComponent',
  'ceterms:CompetencyComponent',
  'ceterms:CourseComponent',
  'ceterms:CredentialComponent',
  'ceterms:ExtracurricularComponent',
  'ceterms:JobComponent',
  'ceterms:SelectionComponent',
  'ceterms:WorkExperienceComponent',
]);
const REFERENCES = ['ceterms:hasChild', 'ceterms:hasPart', 'ceterms:hasDestinationComponent', 'ceterms:isChildOf', 'ceterms:isPartOf', 'ceterms:isDestinationComponentOf', 'ceterms:prerequisite', 'ceterms:precedes'];
const LANGUAGE_MAPS = ['ceterms:name', 'ceterms:description', 'ceterms:componentCategory'];
const CTID = /^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Node = Record<string, unknown>;
const cls = (n: number) => `class${'abcdefghijklmnop'[n]}aaaaaaaaaa`;
const badge = (n: number): Rule => ({ type: 'badge-class', badgeClassId: cls(n) });
const badgeUrl = (id: string) => `https://city.example/badge-classes/${id}`;

function input(rule: Rule, extra: Partial<PathwayVersion> = {}): CtdlInput {
  const ids = [...Array(16).keys()].map(cls);
  return {
    pathwayId: 'p6wz3mk2xt7dn4qa',
    version: { name: 'Into making', description: 'From a first program to an apprenticeship.', skills: ['coding'], rule, version: 3, publishedAt: '2026-05-01T10:00:00.000Z', ...extra },
    pageUrl: 'https://city.example/pathways/p6wz3mk2xt7dn4qa',
    ctdlUrl: 'https://city.example/pathways/p6wz3mk2xt7dn4qa/ctdl',
    owner: { url: 'https://city.example/issuers/central-library', name: 'Central Library' },
    badgeClasses: new Map(ids.map((id, i) => [id, { name: `Badge ${i}`, description: `Badge ${i}.`, url: badgeUrl(id), groups: { skillGroups: [`Group ${i % 3}`], tags: [`tag${i % 2}`] } }])),
    opportunities: new Map([
      ['oppaaaaaaaaaaaaa', { title: 'Code club', description: 'Weekly.', kind: 'course', url: 'https://city.example/opportunities/oppaaaaaaaaaaaaa' }],
      ['jobaaaaaaaaaaaaa', { title: 'Digital apprenticeship', description: 'Paid.', kind: 'apprenticeship', url: 'https://city.example/opportunities/jobaaaaaaaaaaaaa' }],
    ]),
    language: 'en',
  };
}

/** Every problem with a graph: missing required properties, bad CTIDs and language maps, dangling references. */
function problems(document: ReturnType<typeof pathwayCtdl>): string[] {
  const found: string[] = [];
  const byId = new Map(document['@graph'].map((n) => [n['@id'] as string, n]));
  const need = (node: Node, props: string[], what: string) => {
    for (const p of props) if (node[p] === undefined || (Array.isArray(node[p]) && (node[p] as unknown[]).length === 0)) found.push(`${what} lacks ${p}`);
  };
  const check = (node: Node, what: string) => {
    for (const p of LANGUAGE_MAPS) if (node[p] !== undefined && !(typeof node[p] === 'object' && typeof (node[p] as Record<string, unknown>).en === 'string')) found.push(`${what}: ${p} is not a language map`);
    for (const p of REFERENCES) for (const ref of (node[p] as string[] | undefined) ?? []) if (!byId.has(ref)) found.push(`${what}: ${p} ${ref} is not in the graph`);
  };
  for (const node of document['@graph']) {
    const type = node['@type'] as string;
    const what = `${type} ${String(node['ceterms:ctid'])}`;
    if (!CTID.test(String(node['ceterms:ctid']))) found.push(`${what}: not a CTID`);
    if (type === 'ceterms:Pathway') {
      need(node, REQUIRED[type]!, what);
      if (!ONE_OF_PATHWAY.some((p) => node[p] !== undefined)) found.push(`${what} has neither ownedBy nor offeredBy`);
    } else {
      if (!COMPONENT_TYPES.has(type)) found.push(`${what}: not a PathwayComponent type`);
      need(node, [...REQUIRED.component!, ...(REQUIRED[type] ?? [])], what);
    }
    check(node, what);
    for (const condition of (node['ceterms:hasCondition'] as Node[] | undefined) ?? []) {
      if (condition['@type'] !== 'ceterms:ComponentCondition') found.push(`${what}: a condition is not a ComponentCondition`);
      need(condition, REQUIRED['ceterms:ComponentCondition']!, `${what}'s condition`);
      const targets = condition['ceterms:targetComponent'] as string[];
      const n = condition['ceterms:requiredNumber'] as number;
      if (!Number.isInteger(n) || n < 1 || n > targets.length) found.push(`${what}: requiredNumber ${n} of ${targets.length}`);
      for (const t of targets) if (!byId.has(t)) found.push(`${what}: targetComponent ${t} is not in the graph`);
    }
  }
  const pathways = document['@graph'].filter((n) => n['@type'] === 'ceterms:Pathway');
  if (pathways.length !== 1) found.push(`${pathways.length} Pathways`);
  const parts = new Set(pathways[0]?.['ceterms:hasPart'] as string[]);
  for (const node of document['@graph']) if (node['@type'] !== 'ceterms:Pathway' && !parts.has(node['@id'] as string)) found.push(`${String(node['@id'])} is not a hasPart of the pathway`);
  return found;
}

/** Reads the graph back as a CTDL tool would: is the destination's condition met by holding these badge classes? */
function ctdlMet(document: ReturnType<typeof pathwayCtdl>, held: Set<string>): boolean {
  const byId = new Map(document['@graph'].map((n) => [n['@id'] as string, n]));
  const done = (node: Node): boolean => {
    const conditions = node['ceterms:hasCondition'] as Node[] | undefined;
    if (conditions) return conditions.every((c) => (c['ceterms:targetComponent'] as string[]).filter((t) => done(byId.get(t)!)).length >= (c['ceterms:requiredNumber'] as number));
    return node['@type'] === 'ceterms:CredentialComponent' && held.has(String(node['ceterms:proxyFor']));
  };
  const pathway = document['@graph'][0]!;
  const goal = byId.get((pathway['ceterms:hasDestinationComponent'] as string[])[0]!)!;
  // The goal's first condition is the milestone's (when there is one), which holds the rule.
  const milestone = goal['ceterms:hasCondition'] && (goal['ceterms:hasChild'] as string[] | undefined)?.length === 1 && byId.get((goal['ceterms:hasChild'] as string[])[0]!)!['ceterms:hasCondition'] ? byId.get((goal['ceterms:hasChild'] as string[])[0]!)! : goal;
  return done(milestone);
}

describe('the CTDL export', () => {
  const nested: Rule = {
    type: 'group',
    order: 'required',
    of: [badge(0), { type: 'opportunity', opportunityId: 'oppaaaaaaaaaaaaa', badgeClassIds: [cls(1)] }, { type: 'group', name: 'Go further', required: 1, distinct: 'skill-group', window: { withinDays: 90 }, of: [badge(2), badge(3), badge(4)] }, { type: 'group', order: 'suggested', of: [badge(5), badge(6)] }],
  };

  it('has every property CTDL requires, and every reference resolves', () => {
    for (const extra of [{}, { milestoneBadgeClassId: cls(9) }, { milestoneBadgeClassId: cls(9), destination: { type: 'opportunity' as const, opportunityId: 'jobaaaaaaaaaaaaa' } }, { destination: { type: 'url' as const, url: 'https://jobs.example/x', name: 'Jobs', kind: 'job' as const } }]) {
      expect(problems(pathwayCtdl(input(nested, extra)))).toEqual([]);
    }
    expect(problems(pathwayCtdl(input(badge(0))))).toEqual([]);
  });

  it('maps the rule node for node: conditions, selection components, prerequisite and precedes', () => {
    const doc = pathwayCtdl(input(nested, { milestoneBadgeClassId: cls(9), destination: { type: 'opportunity', opportunityId: 'jobaaaaaaaaaaaaa' } }));
    const graph = doc['@graph'];
    const named = (name: string) => graph.find((n) => (n['ceterms:name'] as { en: string }).en === name)!;
    const pathway = graph[0]!;
    const destination = named('Digital apprenticeship');
    expect(destination['@type']).toBe('ceterms:JobComponent');
    expect(pathway['ceterms:hasDestinationComponent']).toEqual([destination['@id']]);
    const milestone = named('Badge 9');
    expect(destination['ceterms:hasCondition']).toEqual([expect.objectContaining({ 'ceterms:requiredNumber': 1, 'ceterms:targetComponent': [milestone['@id']] })]);
    const [rootCondition] = milestone['ceterms:hasCondition'] as Node[];
    expect(rootCondition).toMatchObject({ 'ceterms:requiredNumber': 4, 'ceterms:description': { en: 'Complete all 4 steps, in this order.' } });
    const [first, course, further, suggested] = (rootCondition!['ceterms:targetComponent'] as string[]).map((id) => graph.find((n) => n['@id'] === id)!);
    expect(first).toMatchObject({ '@type': 'ceterms:CredentialComponent', 'ceterms:credentialType': 'ceterms:Badge', 'ceterms:proxyFor': badgeUrl(cls(0)) });
    expect(course).toMatchObject({ '@type': 'ceterms:CourseComponent', 'ceterms:prerequisite': [first!['@id']] });
    expect(further).toMatchObject({ '@type': 'ceterms:SelectionComponent', 'ceterms:name': { en: 'Go further' }, 'ceterms:prerequisite': [course!['@id']] });
    expect((further!['ceterms:hasCondition'] as Node[])[0]).toMatchObject({ 'ceterms:requiredNumber': 1, 'ceterms:description': { en: 'Complete any 1 of these 3 steps, each from a different skill group, all within 90 days.' } });
    expect(named('Badge 2')['ceterms:componentCategory']).toEqual({ en: 'Group 2' });
    const [five, six] = (suggested!['ceterms:hasChild'] as string[]).map((id) => graph.find((n) => n['@id'] === id)!);
    expect(five!['ceterms:precedes']).toEqual([six!['@id']]);
    expect(six!['ceterms:prerequisite']).toBeUndefined();
    // The same version always exports the same identifiers.
    expect(pathwayCtdl(input(nested))).toEqual(pathwayCtdl(input(nested)));
  });

  it('decides completion as evaluate does, for rules of counts and nesting (random rules)', () => {
    const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
      rule: fc.oneof(
        { depthSize: 'small' },
        fc.constant<Rule>(badge(0)),
        fc.record({ of: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }), required: fc.integer({ min: 1, max: 3 }) }).map(({ of, required }): Rule => ({ type: 'group', of, required: Math.min(required, of.length) })),
      ),
    }));
    let next = 0;
    const numbered = (r: Rule): Rule => (r.type === 'group' ? { ...r, of: r.of.map(numbered) } : badge(next++ % 16));
    fc.assert(
      fc.property(rule, fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 10 }), (shape, held) => {
        next = 0;
        const r = numbered(shape);
        if (next > 16) return;
        const holdings = held.map((n, i) => ({ badgeClassId: cls(n), awardId: `a${i}`, issuedOn: '2026-01-01', groups: [] }));
        expect(ctdlMet(pathwayCtdl(input(r, { milestoneBadgeClassId: cls(15 - (next % 2)) })), new Set(held.map((n) => badgeUrl(cls(n)))))).toBe(evaluate(r, holdings).met);
      }),
      { numRuns: 300 },
    );
  });
});

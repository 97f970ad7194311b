// A pathway version as Credential Engine's CTDL (Credential Transparency Description Language) JSON-LD,
// the one standard that expresses completion rules, so the city's pathways can be published to the
// Credential Registry or read by any CTDL tool. Pure: no AWS, no I/O.
//
// The graph, read downwards from the goal as CTDL tools read it:
// - the `ceterms:Pathway`: `hasDestinationComponent` and `hasChild` the goal, `hasPart` every component;
// - the goal: the destination (a JobComponent for a job or apprenticeship, a CourseComponent for further
//   learning, a BasicComponent for a page elsewhere) when there is one, else the milestone, else a
//   BasicComponent for completing the pathway. With both, the milestone is the destination's child and
//   its `ComponentCondition`;
// - the rule (functions/domain/pathway-rules.ts), node for node: its root's condition is the milestone's
//   (or the goal's) `ceterms:hasCondition`; each group below it a `ceterms:SelectionComponent` with its
//   own condition; a condition's `ceterms:requiredNumber` of its `ceterms:targetComponent`s; a required
//   order `ceterms:prerequisite` (each step names the one before), a suggested one `ceterms:precedes`;
//   badge classes `ceterms:CredentialComponent`s (credentialType `ceterms:Badge`, proxyFor the badge
//   class), opportunities the component their kind calls for.
// What CTDL cannot say (N from different groups; a time window) is said in the condition's description,
// and a step's groups are its `ceterms:componentCategory`.
// CTIDs are `ce-` + a UUID made from the pathway id, version and the node's place in the rule, so the
// same version always exports the same identifiers.
import { createHash } from 'node:crypto';
import type { OpportunityKind } from './opportunities';
import type { Rule, RuleGroup, Window } from './pathway-rules';
import type { Destination, PathwayVersion } from './pathways';

export const CTDL_CONTEXT = 'https://credreg.net/ctdl/schema/context/json';

export interface CtdlBadgeClass {
  name: string;
  description: string;
  /** Its Open Badges URL (the badge class JSON-LD) and its page. */
  url: string;
  /** Its skill groups' names and tags, for `ceterms:componentCategory` under "from different groups". */
  groups: { skillGroups: string[]; tags: string[] };
}

export interface CtdlOpportunity {
  title: string;
  description: string;
  kind: OpportunityKind;
  url: string;
}

export interface CtdlInput {
  pathwayId: string;
  version: PathwayVersion;
  /** The pathway's page, and this document's own URL. */
  pageUrl: string;
  ctdlUrl: string;
  owner: { url: string; name: string };
  badgeClasses: ReadonlyMap<string, CtdlBadgeClass>;
  opportunities: ReadonlyMap<string, CtdlOpportunity>;
  /** The language of the city's texts (BCP 47), for CTDL's language maps. */
  language: string;
}

type Node = Record<string, unknown>;

/** A UUID (RFC 9562 layout, version 8: custom) from a name: stable across exports of one version. */
function ctidOf(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `ce-${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const COMPONENT_BY_KIND: Record<OpportunityKind, string> = {
  activity: 'ceterms:ExtracurricularComponent',
  course: 'ceterms:CourseComponent',
  event: 'ceterms:BasicComponent',
  volunteering: 'ceterms:ExtracurricularComponent',
  'work-experience': 'ceterms:WorkExperienceComponent',
  apprenticeship: 'ceterms:JobComponent',
  job: 'ceterms:JobComponent',
};

const DESTINATION_COMPONENT = { job: 'ceterms:JobComponent', apprenticeship: 'ceterms:JobComponent', 'further-learning': 'ceterms:CourseComponent' } as const;

const dayOf = (instant: string) => instant.slice(0, 10);

/** What a group asks for, in words: the condition's description. */
export function conditionText(group: Pick<RuleGroup, 'required' | 'order' | 'distinct' | 'window'> & { of: unknown[] }): string {
  const required = group.required ?? group.of.length;
  const parts = [required === group.of.length ? (group.of.length === 1 ? 'Complete this step' : `Complete all ${group.of.length} steps`) : `Complete any ${required} of these ${group.of.length} steps`];
  if (group.distinct) parts.push(`each from a different ${group.distinct === 'tag' ? 'tag' : 'skill group'}`);
  if (group.order === 'required') parts.push('in this order');
  if (group.order === 'suggested') parts.push('(suggested order: as listed)');
  parts.push(...windowText(group.window));
  return `${parts.join(', ').replace(', (', ' (')}.`;
}

function windowText(window: Window | undefined): string[] {
  if (!window) return [];
  const parts: string[] = [];
  if (window.withinDays) parts.push(`all within ${window.withinDays} days`);
  if (window.from && window.until) parts.push(`earned between ${dayOf(window.from)} and ${dayOf(window.until)}`);
  else if (window.from) parts.push(`earned on or after ${dayOf(window.from)}`);
  else if (window.until) parts.push(`earned on or before ${dayOf(window.until)}`);
  return parts;
}

/** The CTDL JSON-LD graph of one published version. */
export function pathwayCtdl(input: CtdlInput): { '@context': string; '@id': string; '@graph': Node[] } {
  const { version, language } = input;
  const text = (value: string) => ({ [language]: value });
  const name = (path: string) => `${input.pathwayId}/v${version.version}/${path}`;
  const pathwayId = `${input.ctdlUrl}#pathway`;
  const components: Node[] = [];

  const component = (path: string, type: string, fields: Node, parent: string | undefined): Node => {
    const ctid = ctidOf(name(path));
    const node: Node = {
      '@id': `${input.ctdlUrl}#${ctid}`,
      '@type': type,
      'ceterms:ctid': ctid,
      ...fields,
      'ceterms:isPartOf': [pathwayId],
      ...(parent ? { 'ceterms:isChildOf': [parent] } : {}),
    };
    components.push(node);
    return node;
  };

  const condition = (group: Pick<RuleGroup, 'required' | 'order' | 'distinct' | 'window' | 'name'>, targets: Node[]): Node => ({
    '@type': 'ceterms:ComponentCondition',
    ...(group.name ? { 'ceterms:name': text(group.name) } : {}),
    'ceterms:description': text(conditionText({ ...group, of: targets })),
    'ceterms:requiredNumber': group.required ?? targets.length,
    'ceterms:targetComponent': targets.map((t) => t['@id']),
  });

  const link = (group: RuleGroup, children: Node[]) => {
    for (let i = 1; i < children.length; i++) {
      if (group.order === 'required') children[i]!['ceterms:prerequisite'] = [children[i - 1]!['@id']];
      if (group.order === 'suggested') children[i - 1]!['ceterms:precedes'] = [children[i]!['@id']];
    }
  };

  /** The components of a group's children, each a child of `parent`. */
  const childrenOf = (group: RuleGroup, path: string, parent: string): Node[] => {
    const children = group.of.map((child, i) => node(child, `${path}/${i}`, parent, group.distinct));
    link(group, children);
    return children;
  };

  const node = (rule: Rule, path: string, parent: string, distinct: RuleGroup['distinct']): Node => {
    if (rule.type === 'badge-class') {
      const badge = input.badgeClasses.get(rule.badgeClassId);
      const categories = distinct && badge ? (distinct === 'tag' ? badge.groups.tags : badge.groups.skillGroups) : [];
      return component(
        path,
        'ceterms:CredentialComponent',
        {
          'ceterms:name': text(badge?.name ?? `Badge ${rule.badgeClassId}`),
          ...(badge ? { 'ceterms:description': text(badge.description), 'ceterms:subjectWebpage': badge.url, 'ceterms:proxyFor': badge.url } : {}),
          'ceterms:credentialType': 'ceterms:Badge',
          ...(categories.length ? { 'ceterms:componentCategory': text(categories.join(', ')) } : {}),
        },
        parent,
      );
    }
    if (rule.type === 'opportunity') {
      const opportunity = input.opportunities.get(rule.opportunityId);
      return component(
        path,
        opportunity ? COMPONENT_BY_KIND[opportunity.kind] : 'ceterms:BasicComponent',
        {
          'ceterms:name': text(opportunity?.title ?? `Opportunity ${rule.opportunityId}`),
          ...(opportunity ? { 'ceterms:description': text(opportunity.description), 'ceterms:subjectWebpage': opportunity.url, 'ceterms:proxyFor': opportunity.url } : {}),
        },
        parent,
      );
    }
    const selection = component(path, 'ceterms:SelectionComponent', { 'ceterms:name': text(rule.name ?? 'Choose your steps') }, parent);
    const children = childrenOf(rule, path, selection['@id'] as string);
    selection['ceterms:description'] = text(conditionText(rule));
    selection['ceterms:hasChild'] = children.map((c) => c['@id']);
    selection['ceterms:hasCondition'] = [condition(rule, children)];
    return selection;
  };

  /** Makes `holder` the component whose condition is the whole rule. */
  const holdRule = (holder: Node) => {
    const root: RuleGroup = version.rule.type === 'group' ? version.rule : { type: 'group', of: [version.rule] };
    const children = childrenOf(root, 'rule', holder['@id'] as string);
    holder['ceterms:hasChild'] = children.map((c) => c['@id']);
    holder['ceterms:hasCondition'] = [condition(root, children)];
  };

  const goal = destinationComponent(version.destination, input, component, text);
  const milestoneBadge = version.milestoneBadgeClassId ? input.badgeClasses.get(version.milestoneBadgeClassId) : undefined;
  const milestone = version.milestoneBadgeClassId
    ? component(
        'milestone',
        'ceterms:CredentialComponent',
        {
          'ceterms:name': text(milestoneBadge?.name ?? `Milestone of ${version.name}`),
          'ceterms:description': text(milestoneBadge?.description ?? `Awarded on completing ${version.name}.`),
          'ceterms:credentialType': 'ceterms:Badge',
          ...(milestoneBadge ? { 'ceterms:subjectWebpage': milestoneBadge.url, 'ceterms:proxyFor': milestoneBadge.url } : {}),
        },
        goal ? (goal['@id'] as string) : undefined,
      )
    : undefined;
  const top = goal ?? milestone ?? component('goal', 'ceterms:BasicComponent', { 'ceterms:name': text(`Completing ${version.name}`), 'ceterms:description': text(version.description) }, undefined);
  if (goal && milestone) {
    goal['ceterms:hasChild'] = [milestone['@id']];
    goal['ceterms:hasCondition'] = [condition({ required: 1 }, [milestone])];
    holdRule(milestone);
  } else holdRule(top);
  top['ceterms:isDestinationComponentOf'] = [pathwayId];

  const pathway: Node = {
    '@id': pathwayId,
    '@type': 'ceterms:Pathway',
    'ceterms:ctid': ctidOf(name('pathway')),
    'ceterms:name': text(version.name),
    'ceterms:description': text(version.description),
    'ceterms:subjectWebpage': input.pageUrl,
    'ceterms:ownedBy': [input.owner.url],
    'ceterms:offeredBy': [input.owner.url],
    'ceterms:hasDestinationComponent': [top['@id']],
    'ceterms:hasChild': [top['@id']],
    'ceterms:hasPart': components.map((c) => c['@id']),
    'ceterms:dateEffective': dayOf(version.publishedAt),
    'ceterms:versionIdentifier': [{ '@type': 'ceterms:IdentifierValue', 'ceterms:identifierTypeName': text('version'), 'ceterms:identifierValueCode': String(version.version) }],
  };
  return { '@context': CTDL_CONTEXT, '@id': input.ctdlUrl, '@graph': [pathway, ...components] };
}

function destinationComponent(
  destination: Destination | undefined,
  input: CtdlInput,
  component: (path: string, type: string, fields: Node, parent: string | undefined) => Node,
  text: (value: string) => Record<string, string>,
): Node | undefined {
  if (!destination) return undefined;
  if (destination.type === 'url') {
    return component('destination', DESTINATION_COMPONENT[destination.kind], { 'ceterms:name': text(destination.name), 'ceterms:subjectWebpage': destination.url }, undefined);
  }
  const opportunity = input.opportunities.get(destination.opportunityId);
  if (!opportunity) return undefined;
  return component(
    'destination',
    COMPONENT_BY_KIND[opportunity.kind],
    { 'ceterms:name': text(opportunity.title), 'ceterms:description': text(opportunity.description), 'ceterms:subjectWebpage': opportunity.url, 'ceterms:proxyFor': opportunity.url },
    undefined,
  );
}

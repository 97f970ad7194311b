// Making, publishing and reading pathways: check what a draft points at (the spine's skills, badge
// classes of any provider in the city, opportunities of the directory, the milestone and destination),
// copy each opportunity step's badge classes from the directory, and publish a version with its index
// items. A provider acts only for its own pathways; a city admin for every one, and for the city's own.
import { getBadgeClass } from '../data/badge-classes';
import { getOpportunity, searchOpportunities } from '../data/opportunities';
import { archivePathway, getPathway, getPathwayVersion, listPathwaysBySkill, listPublishedPathways, publishPathway, putPathway, rulesWithBadgeClass, type StoredPathway } from '../data/pathways';
import { getProvider } from '../data/providers';
import { getSpine } from '../data/skills';
import type { Principal } from '../domain/api-keys';
import type { BadgeClass } from '../domain/badge-classes';
import { DomainError, fieldName, invalid, notFound, type FieldProblem } from '../domain/errors';
import { randomId } from '../domain/ids';
import type { Opportunity } from '../domain/opportunities';
import type { Card } from '../domain/opportunity-search';
import { assertActsFor } from '../domain/ownership';
import { badgeClassesOf, ruleSchema, type Rule } from '../domain/pathway-rules';
import {
  applyChanges,
  hasUnpublishedChanges,
  type DestinationKind,
  opportunitiesOf,
  PATHWAY_ID_LENGTH,
  stepCount,
  summaryOf,
  withOpportunityClasses,
  type NewPathway,
  type Pathway,
  type PathwayCard,
  type PathwayChanges,
  type PathwayContent,
  type PathwayVersion,
} from '../domain/pathways';
import { readPage, type PageRequest } from '../http/pagination';
import { countPageEvent, type PageViewer } from '../services/insights-funnels';
import { learnerHoldings } from '../services/pathway-progress';

const problem = (field: string, detail: string): FieldProblem => ({ in: 'body', field, detail });

/** Every leaf of the rule with its path in the body (`rule.of[1].badgeClassId`). */
function leaves(rule: Rule, path = 'rule'): { leaf: Exclude<Rule, { type: 'group' }>; path: string }[] {
  if (rule.type !== 'group') return [{ leaf: rule, path }];
  return rule.of.flatMap((child, i) => leaves(child, `${path}.of[${i}]`));
}

/** A badge class that can still be earned: someone else's counts (pathways cross providers), archived ones do not. */
const earnable = (badgeClass: BadgeClass | undefined) => badgeClass !== undefined && badgeClass.status === 'active';

/**
 * The draft as it will be stored: every reference checked at once (one answer names every bad field),
 * and each opportunity step's badge classes copied from the directory.
 */
async function resolve(content: PathwayContent, providerId: string | undefined, wasPublished: PathwayContent | undefined): Promise<PathwayContent> {
  const problems: FieldProblem[] = [];
  const steps = leaves(content.rule);
  const opportunityIds = [...new Set([...opportunitiesOf(content.rule), ...(content.destination?.type === 'opportunity' ? [content.destination.opportunityId] : [])])];
  const classIds = [...new Set([...steps.flatMap(({ leaf }) => (leaf.type === 'badge-class' ? [leaf.badgeClassId] : [])), ...(content.milestoneBadgeClassId ? [content.milestoneBadgeClassId] : [])])];
  const [{ skills }, opportunities, classes] = await Promise.all([
    getSpine(),
    Promise.all(opportunityIds.map(async (id) => [id, (await getOpportunity(id))?.opportunity] as const)),
    Promise.all(classIds.map(async (id) => [id, await getBadgeClass(id)] as const)),
  ]);
  const opportunity = new Map(opportunities);
  const badgeClass = new Map(classes);
  const skillIds = new Set(skills.filter((s) => !s.retired).map((s) => s.id));
  content.skills.forEach((skillId, i) => {
    if (!skillIds.has(skillId)) problems.push(problem(`skills[${i}]`, "is not a skill of the city's spine"));
  });
  // Drafts of the directory are nobody's to point at; other providers' listed or past ones are.
  const visible = (o: Opportunity | undefined) => o !== undefined && o.status !== 'draft';
  for (const { leaf, path } of steps) {
    if (leaf.type === 'badge-class' && !earnable(badgeClass.get(leaf.badgeClassId))) problems.push(problem(`${path}.badgeClassId`, 'is not an active badge class of this city'));
    if (leaf.type === 'opportunity') {
      const found = opportunity.get(leaf.opportunityId);
      if (!visible(found)) problems.push(problem(`${path}.opportunityId`, 'is not an opportunity of the directory'));
      else if (found!.badgeClassIds.length === 0) problems.push(problem(`${path}.opportunityId`, 'awards no badge class, so nobody could be seen to complete it'));
    }
  }
  if (content.milestoneBadgeClassId) {
    const milestone = badgeClass.get(content.milestoneBadgeClassId);
    if (!earnable(milestone) || (providerId !== undefined && milestone!.issuerId !== providerId)) problems.push(problem('milestoneBadgeClassId', "is not an active badge class of the pathway's provider"));
    else if (milestone!.repeatable) problems.push(problem('milestoneBadgeClassId', 'is repeatable: a milestone is awarded once per learner'));
    else if (steps.some(({ leaf }) => (leaf.type === 'badge-class' ? [leaf.badgeClassId] : (opportunity.get(leaf.opportunityId)?.badgeClassIds ?? [])).includes(milestone!.id))) {
      problems.push(problem('milestoneBadgeClassId', 'is also a step of the pathway'));
    }
  }
  if (wasPublished && wasPublished.milestoneBadgeClassId !== content.milestoneBadgeClassId) {
    problems.push(problem('milestoneBadgeClassId', 'is fixed once the pathway has been published (learners may hold it already)'));
  }
  if (content.destination?.type === 'opportunity' && !visible(opportunity.get(content.destination.opportunityId))) {
    problems.push(problem('destination.opportunityId', 'is not an opportunity of the directory'));
  }
  if (problems.length) throw invalid(problems);
  const rule = withOpportunityClasses(content.rule, (id) => opportunity.get(id)!.badgeClassIds);
  // The classes copied in can repeat a step's (a badge class counts in one step only).
  const checked = ruleSchema.safeParse(rule);
  if (!checked.success) throw invalid(checked.error.issues.map((issue) => problem(fieldName(['rule', ...issue.path]), issue.message)));
  return { ...content, rule: checked.data };
}

/** Two writes in the same millisecond would not tell their order apart; the next is always later. */
const after = (previous: Pathway, now: Date) => new Date(Math.max(now.getTime(), Date.parse(previous.updatedAt) + 1)).toISOString();

export async function createPathway(input: NewPathway, principal: Principal, now: Date): Promise<Pathway> {
  if (principal.role === 'provider' && input.providerId && input.providerId !== principal.providerId) {
    throw invalid([problem('providerId', 'must be your own provider id (or left out)')]);
  }
  const providerId = principal.role === 'provider' ? principal.providerId! : input.providerId;
  if (providerId !== undefined && !(await getProvider(providerId))) throw invalid([problem('providerId', 'is not a provider of this city')]);
  const { providerId: _given, ...content } = input;
  const pathway: Pathway = {
    id: randomId(PATHWAY_ID_LENGTH),
    ...(providerId !== undefined ? { providerId } : {}),
    status: 'draft',
    draft: await resolve(content, providerId, undefined),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await putPathway(pathway, undefined);
  return pathway;
}

/** The pathway, if the caller may manage it: someone else's is "not found"; the city's own only city admins'. */
async function managed(id: string, principal: Principal): Promise<StoredPathway> {
  const stored = await getPathway(id, true);
  if (!stored) throw notFound(`Pathway ${id}`);
  if (stored.pathway.providerId === undefined) {
    if (principal.role !== 'city-admin') throw notFound(`Pathway ${id}`);
  } else assertActsFor(principal, stored.pathway.providerId, `Pathway ${id}`);
  return stored;
}

/** The pathway with its draft, for those who may change it. */
export const draftPathway = async (id: string, principal: Principal) => (await managed(id, principal)).pathway;

export async function changeDraft(id: string, changes: PathwayChanges, principal: Principal, now: Date): Promise<Pathway> {
  const stored = await managed(id, principal);
  const { pathway } = stored;
  const draft = await resolve(applyChanges(pathway.draft, changes), pathway.providerId, pathway.published);
  const next: Pathway = { ...pathway, draft, updatedAt: after(pathway, now) };
  await putPathway(next, { updatedAt: pathway.updatedAt, indexedAs: stored.indexedAs });
  return next;
}

/** What lists show: answered from the index items, so it is worked out once, at publish time. */
async function cardOf(pathway: Pathway, version: PathwayVersion): Promise<PathwayCard> {
  const [provider, destination] = await Promise.all([
    pathway.providerId ? getProvider(pathway.providerId) : Promise.resolve(undefined),
    version.destination?.type === 'opportunity' ? getOpportunity(version.destination.opportunityId) : Promise.resolve(undefined),
  ]);
  const destinationCard = version.destination?.type === 'url' ? { kind: version.destination.kind, name: version.destination.name } : destination ? { kind: destinationKind(destination.opportunity), name: destination.opportunity.title } : undefined;
  return {
    id: pathway.id,
    name: version.name,
    summary: summaryOf(version.description),
    ...(pathway.providerId ? { providerId: pathway.providerId } : {}),
    providerName: provider?.name ?? pathway.providerId ?? 'The city',
    skills: version.skills,
    steps: stepCount(version.rule),
    version: version.version,
    publishedAt: version.publishedAt,
    ...(version.milestoneBadgeClassId ? { milestoneBadgeClassId: version.milestoneBadgeClassId } : {}),
    ...(destinationCard ? { destination: destinationCard } : {}),
  };
}

/** A destination opportunity's kind as a pathway names it: a job, an apprenticeship, or further learning. */
export const destinationKind = (opportunity: Pick<Opportunity, 'kind'>): DestinationKind => (opportunity.kind === 'job' || opportunity.kind === 'apprenticeship' ? opportunity.kind : 'further-learning');

/**
 * Publishes the draft as the next version (checked again: what it points at may have changed since it
 * was saved). Publishing what is already published changes nothing; an archived pathway comes back
 * with its last version if the draft is unchanged.
 */
export async function publish(id: string, principal: Principal, now: Date): Promise<Pathway> {
  const stored = await managed(id, principal);
  const { pathway } = stored;
  const draft = await resolve(pathway.draft, pathway.providerId, pathway.published);
  const current: Pathway = { ...pathway, draft };
  const unchanged = !hasUnpublishedChanges(current);
  if (unchanged && pathway.status === 'published') return pathway;
  const at = after(pathway, now);
  const version: PathwayVersion = unchanged ? pathway.published! : { ...draft, version: (pathway.published?.version ?? 0) + 1, publishedAt: at };
  const next: Pathway = { ...current, status: 'published', published: version, updatedAt: at };
  await publishPathway(next, await cardOf(next, version), { updatedAt: pathway.updatedAt, indexedAs: stored.indexedAs }, !unchanged);
  return next;
}

/** Archives: unlisted, its milestone no longer awarded; its page and versions stay readable. */
export async function archive(id: string, principal: Principal, now: Date): Promise<Pathway> {
  const stored = await managed(id, principal);
  const { pathway } = stored;
  if (pathway.status !== 'published') throw new DomainError('conflict', pathway.status === 'archived' ? `Pathway ${id} is archived already` : `Pathway ${id} has never been published`);
  const next: Pathway = { ...pathway, status: 'archived', updatedAt: after(pathway, now) };
  await archivePathway(next, { updatedAt: pathway.updatedAt, indexedAs: stored.indexedAs });
  return next;
}

/** What the public sees: a published or archived pathway's current version; a never-published one is not found. */
export async function publicPathway(id: string): Promise<{ pathway: Pathway; version: PathwayVersion }> {
  const stored = await getPathway(id);
  if (!stored?.pathway.published) throw notFound(`Pathway ${id}`);
  return { pathway: stored.pathway, version: stored.pathway.published };
}

/** One published version as it was (immutable). */
export async function publicPathwayVersion(id: string, version: number): Promise<{ pathway: Pathway; version: PathwayVersion }> {
  const { pathway } = await publicPathway(id);
  const found = await getPathwayVersion(id, version);
  if (!found) throw notFound(`Version ${version} of pathway ${id}`);
  return { pathway, version: found };
}

/** A page of published pathways, all of them or those through one skill, by name. */
export function listPathways(skill: string | undefined, page: PageRequest) {
  return readPage(`pathways:${skill ?? ''}`, page, (limit, start) => (skill ? listPathwaysBySkill(skill, limit, start) : listPublishedPathways(limit, start)));
}

// ---- For other pages (skill and badge pages link the pathways they belong to) ---------------------------

/** The published pathways through a skill (the first 100, by name): for the skill page. */
export async function pathwaysThrough(skillId: string): Promise<PathwayCard[]> {
  return (await listPathwaysBySkill(skillId, 100, undefined)).items;
}

/** The published pathways a badge class is a step of (directly or through an opportunity): for the badge page. */
export async function pathwaysWith(badgeClassId: string): Promise<{ id: string; name: string; version: number }[]> {
  return (await rulesWithBadgeClass(badgeClassId)).map(({ pathwayId, name, version }) => ({ id: pathwayId, name, version })).sort((a, b) => a.name.localeCompare(b.name));
}

// ---- The pathway page ------------------------------------------------------------------------------

/** How many opportunities a badge class step lists (the page shows the first few). */
const WHERE_TO_EARN_READ = 10;

/**
 * Listed opportunities of any provider that award the badge class and have not ended, soonest first:
 * the index of opportunities by badge class (pattern 30), so the cost does not grow with the directory.
 */
async function opportunitiesAwarding(badgeClassId: string, now: Date): Promise<Card[]> {
  const { items } = await searchOpportunities({ badgeClass: badgeClassId }, WHERE_TO_EARN_READ, undefined, now);
  return items.map((found) => found.card);
}

/** The learner's holdings of the version's steps and milestone: what their progress is worked out from. */
async function progressFor(learnerId: string, version: PathwayVersion) {
  const milestone = version.milestoneBadgeClassId;
  const held = await learnerHoldings(learnerId, [...badgeClassesOf(version.rule), ...(milestone ? [milestone] : [])]);
  return { holdings: held.filter((h) => h.badgeClassId !== milestone), milestoneEarned: milestone !== undefined && held.some((h) => h.badgeClassId === milestone) };
}

/** What a version names, read at once: its provider, the spine's skills, its badge classes and opportunities. */
async function partsOf(pathway: Pathway, version: PathwayVersion) {
  const steps = leaves(version.rule);
  const classIds = [...new Set([...steps.flatMap(({ leaf }) => (leaf.type === 'badge-class' ? [leaf.badgeClassId] : [])), ...(version.milestoneBadgeClassId ? [version.milestoneBadgeClassId] : [])])];
  const opportunityIds = [...new Set([...opportunitiesOf(version.rule), ...(version.destination?.type === 'opportunity' ? [version.destination.opportunityId] : [])])];
  const [provider, { skills }, classes, opportunities] = await Promise.all([
    pathway.providerId ? getProvider(pathway.providerId) : Promise.resolve(undefined),
    getSpine(),
    Promise.all(classIds.map((classId) => getBadgeClass(classId))),
    Promise.all(opportunityIds.map(async (opportunityId) => (await getOpportunity(opportunityId))?.opportunity)),
  ]);
  return {
    pathway,
    version,
    steps,
    provider: provider ? { id: provider.id, name: provider.name } : undefined,
    skills: new Map(skills.map((s) => [s.id, s])),
    badgeClasses: new Map(classes.filter((c): c is BadgeClass => c !== undefined).map((c) => [c.id, c])),
    opportunities: new Map(opportunities.filter((o): o is Opportunity => o !== undefined && o.status !== 'draft').map((o) => [o.id, o])),
  };
}
export type PathwayParts = Awaited<ReturnType<typeof partsOf>>;

/** What the CTDL export of a version (the current one, or `version`) is made from. */
export async function pathwayDocument(id: string, version?: number): Promise<PathwayParts> {
  const found = version === undefined ? await publicPathway(id) : await publicPathwayVersion(id, version);
  return partsOf(found.pathway, found.version);
}

/**
 * Everything a pathway's page shows: its parts, for each badge class step where and when to earn it,
 * and for a signed-in learner (`learnerId`) their holdings of exactly the pathway's badge classes and
 * whether they hold its milestone.
 */
/** `viewer`: a person opened the page, counted for its funnel beside the page's own reads; absent for HEAD. */
export async function pathwayView(id: string, now: Date, learnerId?: string, viewer?: PageViewer) {
  const { pathway, version } = await publicPathway(id);
  const [parts, learner] = await Promise.all([
    partsOf(pathway, version),
    learnerId === undefined ? Promise.resolve(undefined) : progressFor(learnerId, version),
    viewer && countPageEvent('views', 'pathway', pathway.providerId, pathway.id, viewer.userAgent, viewer.at),
  ]);
  const classSteps = [...new Set(parts.steps.flatMap(({ leaf }) => (leaf.type === 'badge-class' && parts.badgeClasses.has(leaf.badgeClassId) ? [leaf.badgeClassId] : [])))];
  const whereToEarn = new Map(await Promise.all(classSteps.map(async (classId) => [classId, await opportunitiesAwarding(classId, now)] as const)));
  // The names of every provider the page mentions: the badge classes' issuers and the opportunities' (cards carry their own).
  const providerIds = new Set([...[...parts.badgeClasses.values()].map((c) => c.issuerId), ...[...parts.opportunities.values()].map((o) => o.providerId)]);
  const providers = await Promise.all([...providerIds].map((providerId) => getProvider(providerId)));
  const providerNames = new Map(providers.filter((p) => p !== undefined).map((p) => [p!.id, p!.name]));
  return { ...parts, whereToEarn, providerNames, ...(learner ? { learner } : {}) };
}
export type PathwayView = Awaited<ReturnType<typeof pathwayView>>;

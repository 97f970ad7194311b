// The demo city's pathways, over the directory's badge classes and opportunities (local/seed-directory.ts):
// - "Into Engineering": a suggested order ending in Brightwater's engineering apprenticeship;
// - "City Explorer": Chicago style, three badges from three different skill groups within a year;
// - "Green Futures": a required order (each step after the one before), ending in a job;
// each with its own milestone badge class, and a learner part-way along Green Futures (two of its
// three steps awarded). Idempotent: a published pathway of the same name and provider is kept, a
// milestone badge class of the same name is reused, and an award the learner holds already is left be.
// Pathways whose badge classes or opportunities the city's spine left out are not made.
import type { CityConfig } from '../definitions/city-config';
import { createBadgeClass } from '../functions/badge-classes/service';
import { listBadgeClassesByProvider } from '../functions/data/badge-classes';
import { listOpportunitiesByProvider } from '../functions/data/opportunities';
import { listPublishedPathways } from '../functions/data/pathways';
import type { Principal } from '../functions/domain/api-keys';
import type { BadgeClass } from '../functions/domain/badge-classes';
import { DomainError } from '../functions/domain/errors';
import type { Opportunity } from '../functions/domain/opportunities';
import type { Rule } from '../functions/domain/pathway-rules';
import { NewPathwaySchema, type Destination } from '../functions/domain/pathways';
import { createPathway, publish } from '../functions/pathways/service';
import { issueAward } from '../functions/services/awarding';

/** The learner part-way along Green Futures (a made-up address: demo data only). */
export const PATHWAY_LEARNER = 'pathway.learner@example.org';

interface Lookup {
  badge: (provider: string, name: string) => BadgeClass | undefined;
  opportunity: (provider: string, title: string) => Opportunity | undefined;
}

interface DemoPathway {
  provider: string;
  name: string;
  description: string;
  skills: string[];
  milestone: { name: string; description: string; skills: string[] };
  /** The rule, or undefined when a step it needs is missing from this city. */
  rule: (find: Lookup) => Rule | undefined;
  destination: (find: Lookup) => Destination | undefined;
  /** Steps the demo learner has done: [provider, badge class name]. */
  learnerHolds?: [string, string][];
}

const badgeStep = (found: BadgeClass | undefined): Rule | undefined => found && { type: 'badge-class', badgeClassId: found.id };
const opportunityStep = (found: Opportunity | undefined): Rule | undefined => found && found.badgeClassIds.length > 0 ? { type: 'opportunity', opportunityId: found.id } : undefined;
const all = (steps: (Rule | undefined)[]) => (steps.every((s) => s !== undefined) ? (steps as Rule[]) : undefined);

const PATHWAYS: DemoPathway[] = [
  {
    provider: 'brightwater',
    name: 'Into Engineering',
    description:
      'From a first program to an engineering apprenticeship at Brightwater.\n\nStart at the library Code Club, spend a week with our engineers, then show what you can make. We suggest this order, but any order counts.',
    skills: ['problem-solving', 'coding', 'digital-making'],
    milestone: { name: 'Ready for Engineering', description: 'Completed the Into Engineering pathway: coding, a week with engineers and a project of your own.', skills: ['problem-solving'] },
    rule: (find) => {
      const steps = all([badgeStep(find.badge('central-library', 'Code Club: First Steps')), opportunityStep(find.opportunity('brightwater', 'Engineering work experience week'))]);
      const make = all([badgeStep(find.badge('central-library', 'Maker Day Presenter')), badgeStep(find.badge('riverside-college', 'Retrofit Ready'))]);
      return steps && make && { type: 'group', order: 'suggested', of: [...steps, { type: 'group', name: 'Make something', required: 1, of: make }] };
    },
    destination: (find) => {
      const apprenticeship = find.opportunity('brightwater', 'Engineering apprenticeship (level 3)');
      return apprenticeship && { type: 'opportunity', opportunityId: apprenticeship.id };
    },
  },
  {
    provider: 'central-library',
    name: 'City Explorer',
    description: 'Explore the city: earn three badges from three different skill groups within a year, anywhere in the city.',
    skills: ['communication', 'sustainability', 'digital-literacy'],
    milestone: { name: 'City Explorer', description: 'Earned badges in three different skill groups across the city within a year.', skills: ['communication'] },
    rule: (find) => {
      const steps = all([
        badgeStep(find.badge('central-library', 'Code Club: First Steps')),
        badgeStep(find.badge('northfield-youth', 'Youth Voice')),
        badgeStep(find.badge('city-museum', 'Archive Digitiser')),
        badgeStep(find.badge('city-museum', 'Young Curator')),
        badgeStep(find.badge('green-streets', 'Community Gardener')),
        badgeStep(find.badge('brightwater', 'Engineering Explorer')),
      ]);
      return steps && { type: 'group', required: 3, distinct: 'skill-group', window: { withinDays: 365 }, of: steps };
    },
    destination: () => undefined,
  },
  {
    provider: 'green-streets',
    name: 'Green Futures',
    description: 'Grow, lead, then build: three steps, each after the one before, into green work.',
    skills: ['sustainability', 'teamwork'],
    milestone: { name: 'Green Futures', description: 'Completed the Green Futures pathway: gardening, a climate project and retrofit skills, in that order.', skills: ['sustainability'] },
    rule: (find) => {
      const steps = all([
        badgeStep(find.badge('green-streets', 'Community Gardener')),
        badgeStep(find.badge('green-streets', 'Climate Champion')),
        opportunityStep(find.opportunity('riverside-college', 'Green construction skills')),
      ]);
      return steps && { type: 'group', order: 'required', of: steps };
    },
    destination: (find) => {
      const job = find.opportunity('green-streets', 'Project officer (part time)');
      return job && { type: 'opportunity', opportunityId: job.id };
    },
    learnerHolds: [
      ['green-streets', 'Community Gardener'],
      ['green-streets', 'Climate Champion'],
    ],
  },
];

async function everything<T>(read: (start: Record<string, unknown> | undefined) => Promise<{ items: T[]; next?: Record<string, unknown> }>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    items.push(...page.items);
    start = page.next;
  } while (start);
  return items;
}

const principalOf = (providerId: string): Principal => ({ role: 'provider', providerId, scopes: ['badges:issue', 'badges:manage', 'opportunities:manage'], keyPrefix: 'seed' });

export interface PathwaySeed {
  pathways: { id: string; name: string }[];
  links: { label: string; url: string }[];
}

export async function seedPathways(config: CityConfig, baseUrl: string): Promise<PathwaySeed> {
  const now = new Date();
  const spine = new Set(config.skillsSpine.skills.map((s) => s.id));
  const providers = [...new Set(PATHWAYS.flatMap((p) => [p.provider, 'central-library', 'riverside-college', 'northfield-youth', 'city-museum', 'green-streets']))];
  const classes = new Map(await Promise.all(providers.map(async (id) => [id, await everything((start) => listBadgeClassesByProvider(id, 100, start))] as const)));
  const opportunities = new Map(await Promise.all(providers.map(async (id) => [id, await everything((start) => listOpportunitiesByProvider(id, 100, start))] as const)));
  const find: Lookup = {
    badge: (provider, name) => classes.get(provider)?.find((c) => c.name === name && c.status === 'active'),
    opportunity: (provider, title) => opportunities.get(provider)?.find((o) => o.title === title && o.status !== 'draft' && o.status !== 'cancelled'),
  };
  const published = await everything((start) => listPublishedPathways(100, start));
  const seeded: { id: string; name: string }[] = [];
  for (const demo of PATHWAYS) {
    const rule = demo.rule(find);
    if (!rule || !demo.skills.every((s) => spine.has(s)) || !demo.milestone.skills.every((s) => spine.has(s))) continue;
    const principal = principalOf(demo.provider);
    const kept = published.find((p) => p.name === demo.name && p.providerId === demo.provider);
    if (kept) seeded.push({ id: kept.id, name: kept.name });
    else {
      const milestone =
        find.badge(demo.provider, demo.milestone.name) ??
        (await createBadgeClass(
          { name: demo.milestone.name, description: demo.milestone.description, criteria: { narrative: `Complete the ${demo.name} pathway: ${baseUrl}/pathways` }, alignments: demo.milestone.skills.map((skillId) => ({ skillId })), tags: ['milestone'] },
          principal,
          now,
        ));
      const destination = demo.destination(find);
      const draft = await createPathway(
        NewPathwaySchema.parse({ name: demo.name, description: demo.description, skills: demo.skills, rule, milestoneBadgeClassId: milestone.id, ...(destination ? { destination } : {}) }),
        principal,
        now,
      );
      await publish(draft.id, principal, now);
      seeded.push({ id: draft.id, name: demo.name });
    }
    for (const [provider, name] of demo.learnerHolds ?? []) {
      const badgeClass = find.badge(provider, name);
      if (!badgeClass) continue;
      try {
        await issueAward(badgeClass.id, { recipient: { email: PATHWAY_LEARNER }, evidence: [], narrative: `A step of ${demo.name}.` }, principalOf(provider), { now });
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      }
    }
  }
  const ordered = seeded.find((p) => p.name === 'Green Futures') ?? seeded[0];
  return {
    pathways: seeded,
    links: [
      { label: `Pathways (${seeded.length})`, url: `${baseUrl}/pathways` },
      ...(ordered ? [{ label: `A pathway's page: ${ordered.name}`, url: `${baseUrl}/pathways/${ordered.id}` }, { label: 'Its CTDL (Credential Engine) JSON-LD', url: `${baseUrl}/pathways/${ordered.id}/ctdl` }] : []),
    ],
  };
}

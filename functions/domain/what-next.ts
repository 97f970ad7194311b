// "What next" on a badge page: opportunities that build the badge's skills one level up, nearest the
// badge's provider first. Pure: the badges service reads the badge class, the spine and the directory.
import { distanceKm, type Found, type Point, type Search } from './opportunity-search';
import { isListed, type Opportunity } from './opportunities';

/** Skills a badge page looks ahead for (a badge aligns to up to 20: the first few say what it is about). */
export const MAX_NEXT_SKILLS = 3;
/** Opportunities a badge page shows. */
export const MAX_NEXT = 6;

export interface NextStep {
  skillId: string;
  /** The level to look for; none when the badge names no level for the skill (any level builds on it). */
  level?: string;
}

/**
 * The step after each of the badge's skills: the spine's next level after the badge's, or the skill at
 * any level when the badge names none. A skill the badge holds at the spine's top level has no next step.
 */
export function nextSteps(alignments: readonly { skillId: string; level?: string }[], levels: readonly { id: string }[]): NextStep[] {
  const order = levels.map((l) => l.id);
  const steps = alignments.flatMap((a): NextStep[] => {
    if (a.level === undefined) return [{ skillId: a.skillId }];
    const next = order[order.indexOf(a.level) + 1];
    return order.includes(a.level) && next !== undefined ? [{ skillId: a.skillId, level: next }] : [];
  });
  return steps.slice(0, MAX_NEXT_SKILLS);
}

/**
 * Where the provider is, as far as the directory knows: the venue of its listed opportunity that awards
 * this badge, else of its first listed one with a venue. Providers have no address of their own.
 */
export function providerPlace(opportunities: readonly Opportunity[], badgeClassId: string): Point | undefined {
  const placed = opportunities.filter((o) => isListed(o.status) && o.place.venue);
  const chosen = placed.find((o) => o.badgeClassIds.includes(badgeClassId)) ?? placed[0];
  const venue = chosen?.place.venue;
  return venue ? { lat: venue.latitude, lng: venue.longitude } : undefined;
}

/** The searches for one step: nearest the provider within `radiusKm` when its place is known, and soonest anywhere (online ones too). */
export function stepSearches(step: NextStep, origin: Point | undefined, radiusKm: number): Search[] {
  const base: Search = { skill: [step.skillId], ...(step.level ? { skillLevel: { skillId: step.skillId, level: step.level } } : {}) };
  return origin ? [{ ...base, near: origin, radiusKm, sort: 'nearest' }, base] : [base];
}

/**
 * One list from every search's results: each opportunity once, nearest the provider first (those with
 * no place, online ones, after every placed one), then soonest; at most MAX_NEXT.
 */
export function rankNext(results: readonly Found[], origin: Point | undefined, excludeIds: ReadonlySet<string> = new Set()): Found[] {
  const byId = new Map<string, Found>();
  for (const { card } of results) {
    if (excludeIds.has(card.id) || byId.has(card.id)) continue;
    const placed = origin && card.lat !== undefined && card.lng !== undefined;
    byId.set(card.id, placed ? { card, distanceKm: distanceKm(origin, { lat: card.lat!, lng: card.lng! }) } : { card });
  }
  const far = Number.POSITIVE_INFINITY;
  return [...byId.values()]
    .sort((a, b) => (a.distanceKm ?? far) - (b.distanceKm ?? far) || a.card.startsAt.localeCompare(b.card.startsAt) || a.card.id.localeCompare(b.card.id))
    .slice(0, MAX_NEXT);
}

// The badges group's service: an award as its public URLs show it, its baked image, its share image,
// and what its page suggests next.
import { getAward } from '../data/awards';
import { getBadgeClassVersion } from '../data/badge-classes';
import { listOpportunitiesByProvider, searchOpportunities } from '../data/opportunities';
import { getSpine } from '../data/skills';
import type { Award } from '../domain/awards';
import { notFound } from '../domain/errors';
import { MAX_RADIUS_KM, type Found } from '../domain/opportunity-search';
import { MAX_NEXT, nextSteps, providerPlace, rankNext, stepSearches } from '../domain/what-next';
import { pathwaysWith } from '../pathways/service';
import { kept } from '../services/page-facts';

// The bucket (the S3 client) and the SVG renderer serve the image routes only: loaded by the first
// image request of a container, not at the cold start of a badge page or assertion, the common case.
const images = () => import('../storage/images');

/** The award behind a public badge URL (revoked and expired ones too: their pages say so). */
export async function publicAward(id: string): Promise<Award> {
  const found = await getAward(id);
  if (!found) throw notFound(`Badge ${id}`);
  return found;
}

/** The baked image, as it was issued. */
export const bakedImage = async (award: Award): Promise<Buffer> => (await images()).getImage(award.image.key);

// The provider's newest opportunities, to find where it is.
const PROVIDER_OPPORTUNITIES_READ = 20;

/**
 * Listed opportunities that build the badge's skills at the next level, nearest the badge's provider
 * first: a few bounded queries of the directory's skill and place indexes (no Scan), whatever the
 * directory's size. The provider's own opportunities that award this very badge are left out.
 */
async function readWhatNext(award: Pick<Award, 'badgeClassId' | 'badgeClassVersion' | 'issuerId'>, now: Date): Promise<{ opportunities: Found[]; skillIds: string[] }> {
  const [badgeClass, { summary }, provider] = await Promise.all([
    getBadgeClassVersion(award.badgeClassId, award.badgeClassVersion),
    getSpine(),
    listOpportunitiesByProvider(award.issuerId, PROVIDER_OPPORTUNITIES_READ, undefined),
  ]);
  const steps = nextSteps(badgeClass?.alignments ?? [], summary?.levels ?? []);
  const skillIds = steps.map((step) => step.skillId);
  if (steps.length === 0) return { opportunities: [], skillIds };
  const origin = providerPlace(provider.items, award.badgeClassId);
  const searches = steps.flatMap((step) => stepSearches(step, origin, MAX_RADIUS_KM));
  const pages = await Promise.all(searches.map((search) => searchOpportunities(search, MAX_NEXT, undefined, now)));
  const same = new Set(provider.items.filter((o) => o.badgeClassIds.includes(award.badgeClassId)).map((o) => o.id));
  return { opportunities: rankNext(pages.flatMap((page) => page.items), origin, same), skillIds };
}

// What next depends on the badge's class version and provider, never on its learner: every badge page
// of one class shares it, kept as the page's other facts are (functions/services/page-facts.ts). A
// nearest search over the 50 km radius is several Queries per step; a popular badge pays them once
// per container every PAGE_FACTS_TTL_MS instead of on every view.
// `now`: the request's that reads it (the directory's listing by date); views within the TTL share it.
const keptWhatNext = kept(500, (_key, { award, now }: { award: Award; now: Date }) => readWhatNext(award, now));

export async function whatNext(award: Award, now: Date): Promise<{ opportunities: Found[]; skillIds: string[] }> {
  return (await keptWhatNext(`${award.badgeClassId}#${award.badgeClassVersion}#${award.issuerId}`, { award, now }))!;
}

// Likewise kept per class: a pathway published or archived shows on its steps' badge pages within
// PAGE_FACTS_TTL_MS, as what next does, and a page view is the award's GetItem alone (no second round
// trip) whenever its container showed a badge of the class lately.
const keptPathways = kept(2_000, (badgeClassId) => pathwaysWith(badgeClassId));

/** The published pathways the badge's class is a step of: the badge page links them. */
export const pathwaysOf = async (award: Award) => (await keptPathways(award.badgeClassId))!;

/**
 * A PNG of the badge for share previews: the badge class version's own PNG, or a rendition of its SVG,
 * made the first time it is asked for and kept in the bucket beside it (the same SVG always draws the
 * same PNG, so two first requests at once write the same bytes).
 */
export async function shareImage(award: Award): Promise<Buffer> {
  const badgeClass = await getBadgeClassVersion(award.badgeClassId, award.badgeClassVersion);
  if (!badgeClass) throw notFound(`Badge ${award.id}'s image`);
  const { findImage, getImage, imageKeys, putImage } = await images();
  if (badgeClass.image.type === 'png') return getImage(badgeClass.image.key);
  const key = imageKeys.pngRendition(badgeClass.image.key);
  const stored = await findImage(key);
  if (stored) return stored;
  const { svgToPng } = await import('./png-rendition');
  const png = await svgToPng(await getImage(badgeClass.image.key));
  await putImage(key, png, 'image/png');
  return png;
}

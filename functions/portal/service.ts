// What the home page shows, read in parallel: the spine, what starts soonest, the featured
// opportunities still listed, and the providers.
import { getOpportunity, searchOpportunities } from '../data/opportunities';
import { getProvider, listProviders } from '../data/providers';
import { getSpine } from '../data/skills';
import { isListed } from '../domain/opportunities';
import { cardOf } from '../domain/opportunity-search';

const SOON = 6;
const PROVIDERS = 24;

export async function homeView(featuredIds: string[], now: Date) {
  const [spine, soon, featured, providers] = await Promise.all([
    getSpine(),
    searchOpportunities({}, SOON, undefined, now),
    Promise.all(featuredIds.map((id) => getOpportunity(id))),
    listProviders(PROVIDERS),
  ]);
  const stillListed = featured.filter((f) => f && isListed(f.opportunity.status) && Date.parse(f.opportunity.endsAt) > now.getTime()).map((f) => f!.opportunity);
  const names = new Map(providers.map((p) => [p.id, p.name]));
  for (const opportunity of stillListed) {
    if (!names.has(opportunity.providerId)) names.set(opportunity.providerId, (await getProvider(opportunity.providerId))?.name ?? opportunity.providerId);
  }
  return {
    spine,
    soon: soon.items,
    featured: stillListed.map((o) => ({ card: cardOf(o, names.get(o.providerId)!, []) })),
    providers,
  };
}

// The issuers group's service: a provider published as an Open Badges issuer (the 2.0 Issuer, and the
// 3.0 Profile that is also the city key's controller document), and the provider's page: its profile,
// its badge classes and its listed opportunities, soonest first. Creating and changing providers is the
// shared functions/services/providers.ts.
import { readCity } from '../../definitions/city-env';
import { listBadgeClassesByProvider } from '../data/badge-classes';
import { searchOpportunities } from '../data/opportunities';
import { issuerV2, profileV3 } from '../domain/openbadges/issuer';
import { requireProvider } from '../services/providers';

const { baseUrl } = readCity();

// The signing keys (the KMS client, in AWS) serve the 3.0 profile only: loaded by its first request,
// not at the cold start of a provider's page or 2.0 profile (a chunk of its own in the asset).
const signingKeys = () => import('../signing/city-key');

/** The page shows the next few opportunities and links the search for the rest; badge classes up to this many. */
const UPCOMING = 8;
const BADGE_CLASSES = 50;

const issuer = (providerId: string) => requireProvider(providerId, `Issuer "${providerId}"`);

export const issuerProfileV2 = async (providerId: string) => issuerV2(await issuer(providerId), baseUrl);

// The provider first: an unknown id is a 404 without asking KMS for the key.
export async function issuerProfileV3(providerId: string) {
  const provider = await issuer(providerId);
  return profileV3(provider, baseUrl, await (await signingKeys()).publishedPublicKeys());
}

/** A provider's page: the profile, its active badge classes (newest first) and what it offers next. */
export async function providerPageView(providerId: string, now: Date) {
  const provider = await issuer(providerId);
  const [classes, upcoming] = await Promise.all([
    listBadgeClassesByProvider(providerId, BADGE_CLASSES, undefined),
    searchOpportunities({ provider: providerId }, UPCOMING, undefined, now),
  ]);
  return {
    provider,
    badgeClasses: classes.items.filter((c) => c.status === 'active'),
    upcoming: upcoming.items,
    moreUpcoming: upcoming.next !== undefined,
  };
}

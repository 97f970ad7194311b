// A badge class version as an Open Badges 2.0 BadgeClass (hosted JSON-LD).
import { badgeClassUrls, openBadgesAlignment, type BadgeClass } from '../badge-classes';
import { issuerUrls, OB2_CONTEXT } from './issuer';

/** `at` says which URL serves the document: its `id` must be that URL. */
export function badgeClassV2(badgeClass: BadgeClass, baseUrl: string, at: 'current' | 'version') {
  const urls = badgeClassUrls(baseUrl, badgeClass.id, badgeClass.version);
  return {
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: at === 'current' ? urls.current : urls.versioned,
    name: badgeClass.name,
    description: badgeClass.description,
    image: urls.image,
    criteria: {
      ...(badgeClass.criteria.url ? { id: badgeClass.criteria.url } : {}),
      ...(badgeClass.criteria.narrative ? { narrative: badgeClass.criteria.narrative } : {}),
    },
    issuer: issuerUrls(baseUrl, badgeClass.issuerId).v2,
    alignment: badgeClass.alignments.map(openBadgesAlignment),
    tags: badgeClass.tags,
  };
}

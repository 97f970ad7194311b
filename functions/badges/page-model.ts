// The public badge page, built from the award alone: its signed credential holds the badge class, the
// issuer, the learner's narrative and the evidence as they were when it was awarded. "What next" comes
// from the directory as it is now.
import type { City } from '../../definitions/city-env';
import { awardState, awardUrls, type Award } from '../domain/awards';
import type { OpenBadgeCredential } from '../domain/credentials/open-badge-credential';
import { describeSchedule } from '../domain/pages/opportunity-text';
import type { Found } from '../domain/opportunity-search';
import type { BadgePageModel } from '../domain/pages/badge-page';
import { presentResult } from '../opportunities/present';
import { pathwayUrls } from '../pathways/present';

export interface NextOpportunities {
  opportunities: Found[];
  /** The skills looked ahead for: the search page's filter for more. */
  skillIds: string[];
}

/** `pathways`: the published pathways the badge's class is a step of. */
export function badgePageModel(award: Award, city: City, now: Date, next: NextOpportunities, pathways: readonly { id: string; name: string }[] = []): BadgePageModel {
  const credential = award.credential as unknown as OpenBadgeCredential;
  const { achievement, narrative } = credential.credentialSubject;
  const urls = awardUrls(city.baseUrl, award.id);
  const search = new URL(`${city.baseUrl}/opportunities`);
  if (next.skillIds.length) search.searchParams.set('skill', next.skillIds.join(','));
  return {
    city,
    badge: {
      id: award.id,
      url: urls.page,
      name: achievement.name,
      description: achievement.description,
      imageUrl: urls.image,
      // The route GET /badges/{awardId}/share-image: a PNG, for share previews.
      shareImageUrl: `${urls.page}/share-image`,
      downloadUrl: urls.image,
      assertionUrl: urls.assertion,
      credentialUrl: urls.credential,
      criteria: { narrative: achievement.criteria.narrative, url: achievement.criteria.id },
      issuedOn: award.issuedOn,
      expires: award.expires,
      issuer: { name: credential.issuer.name, url: credential.issuer.url, profileUrl: credential.issuer.id },
      skills: (achievement.alignment ?? []).map((a) => ({ name: a.targetName, url: a.targetUrl, framework: a.targetFramework, code: a.targetCode })),
      tags: achievement.tag ?? [],
      // Awards made before the credential carried the narrative have it in their OB 2.0 assertion only.
      narrative: narrative ?? (typeof award.assertion.narrative === 'string' ? award.assertion.narrative : undefined),
      evidence: (credential.evidence ?? []).map((e) => ({ url: e.id, name: e.name, narrative: e.narrative })),
    },
    next: {
      opportunities: next.opportunities.map((found) => ({ ...presentResult(found, city.baseUrl, now), schedule: found.card.schedule, when: describeSchedule(found.card.schedule) })),
      searchUrl: search.href,
    },
    pathways: pathways.map((p) => ({ name: p.name, url: pathwayUrls(city.baseUrl, p.id).page })),
    status: { state: awardState(award, now), reason: award.revoked?.reason, checkedAt: now.toISOString() },
  };
}

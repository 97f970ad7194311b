// The public badge page, built from the award alone: its signed credential holds the badge class, the
// issuer and the evidence as they were when it was awarded.
import type { City } from '../../definitions/city-env';
import { awardState, awardUrls, type Award } from '../domain/awards';
import type { OpenBadgeCredential } from '../domain/credentials/open-badge-credential';
import type { BadgePageModel } from '../domain/pages/badge-page';

export function badgePageModel(award: Award, city: City, now: Date): BadgePageModel {
  const credential = award.credential as unknown as OpenBadgeCredential;
  const { achievement } = credential.credentialSubject;
  const urls = awardUrls(city.baseUrl, award.id);
  return {
    city,
    badge: {
      id: award.id,
      url: urls.page,
      name: achievement.name,
      description: achievement.description,
      imageUrl: urls.image,
      downloadUrl: urls.image,
      assertionUrl: urls.assertion,
      credentialUrl: urls.credential,
      criteria: { narrative: achievement.criteria.narrative, url: achievement.criteria.id },
      issuedOn: award.issuedOn,
      expires: award.expires,
      issuer: { name: credential.issuer.name, url: credential.issuer.url, profileUrl: credential.issuer.id },
      skills: (achievement.alignment ?? []).map((a) => ({ name: a.targetName, url: a.targetUrl, framework: a.targetFramework, code: a.targetCode })),
      tags: achievement.tag ?? [],
      evidence: (credential.evidence ?? []).map((e) => ({ url: e.id, name: e.name, narrative: e.narrative })),
    },
    status: { state: awardState(award, now), reason: award.revoked?.reason, checkedAt: now.toISOString() },
  };
}

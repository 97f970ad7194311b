// The documents an award publishes, built before it is signed: pure, so that single awards, batches,
// imports and every later way of awarding build them alike.
import { addDays, awardUrls, type AwardContent } from './awards';
import { badgeClassUrls, openBadgesAlignment, type BadgeClass } from './badge-classes';
import type { OpenBadgeCredentialInput } from './credentials/open-badge-credential';
import { assertionV2 } from './openbadges/assertion';
import { issuerUrls, statusListUrl } from './openbadges/issuer';
import type { Provider } from './providers';

export interface AwardDocumentsInput {
  id: string;
  baseUrl: string;
  badgeClass: BadgeClass;
  provider: Provider;
  request: AwardContent;
  /** Random per award (the recipient hash of one learner differs from badge to badge), or the hashed recipient's own. */
  salt: string;
  statusListIndex: number;
  now: Date;
}

/**
 * What an award publishes, before signing: the Open Badges 2.0 assertion and the input of the 3.0
 * credential, from the badge class version, its provider and the request. Pure: the service signs,
 * bakes and stores.
 */
export function awardDocuments({ id, baseUrl, badgeClass, provider, request, salt, statusListIndex, now }: AwardDocumentsInput) {
  const urls = awardUrls(baseUrl, id);
  const classUrls = badgeClassUrls(baseUrl, badgeClass.id, badgeClass.version);
  const issuer = issuerUrls(baseUrl, provider.id);
  const issuedOn = request.issuedOn ? new Date(request.issuedOn).toISOString() : now.toISOString();
  const expires = badgeClass.expiresAfterDays ? addDays(issuedOn, badgeClass.expiresAfterDays) : undefined;
  const recipient: { identity: string } | { email: string } = 'hashed' in request.recipient ? { identity: request.recipient.hashed.identity } : { email: request.recipient.email };
  const assertion = assertionV2(
    { awardId: id, badgeClassUrl: classUrls.versioned, ...recipient, salt, issuedOn, expires, evidence: request.evidence, narrative: request.narrative },
    baseUrl,
  );
  const credential: OpenBadgeCredentialInput = {
    id: urls.credential,
    issuer: { id: issuer.v3, name: provider.name, url: provider.url, email: provider.email, description: provider.description, image: provider.imageUrl },
    achievement: {
      id: classUrls.versioned,
      name: badgeClass.name,
      description: badgeClass.description,
      criteria: { id: badgeClass.criteria.url, narrative: badgeClass.criteria.narrative },
      image: { id: classUrls.image },
      alignment: badgeClass.alignments.map(openBadgesAlignment),
      tag: badgeClass.tags.length ? badgeClass.tags : undefined,
    },
    recipient: 'identity' in recipient ? { identityHash: recipient.identity, salt } : { email: recipient.email, salt },
    narrative: request.narrative,
    validFrom: issuedOn,
    validUntil: expires,
    evidence: request.evidence.length ? request.evidence.map((e) => ({ id: e.url, name: e.name, narrative: e.narrative })) : undefined,
    status: { statusListCredential: statusListUrl(baseUrl, provider.id), statusListIndex },
  };
  return { issuedOn, expires, assertion, credential, signerId: issuer.v3 };
}

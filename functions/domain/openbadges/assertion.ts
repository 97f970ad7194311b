// An award as an Open Badges 2.0 hosted Assertion.
import { hashRecipient } from '../credentials/recipient';
import { awardUrls, type Award } from '../awards';
import { OB2_CONTEXT } from './issuer';

export type AssertionInput = {
  awardId: string;
  badgeClassUrl: string;
  salt: string;
  issuedOn: string;
  expires?: string;
  evidence: { url?: string; name?: string; narrative?: string }[];
  narrative?: string;
  // The earner's email, hashed here with the salt; or the hash itself, as another award of theirs has it.
} & ({ email: string } | { identity: string });

export function assertionV2(input: AssertionInput, baseUrl: string) {
  const urls = awardUrls(baseUrl, input.awardId);
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: urls.assertion,
    recipient: { type: 'email', hashed: true, salt: input.salt, identity: 'identity' in input ? input.identity : hashRecipient(input.email, input.salt) },
    badge: input.badgeClassUrl,
    verification: { type: 'hosted' },
    issuedOn: input.issuedOn,
    image: urls.image,
    ...(input.expires ? { expires: input.expires } : {}),
    ...(input.narrative ? { narrative: input.narrative } : {}),
    ...(input.evidence.length
      ? { evidence: input.evidence.map((e) => ({ type: 'Evidence', ...(e.url ? { id: e.url } : {}), ...(e.name ? { name: e.name } : {}), ...(e.narrative ? { narrative: e.narrative } : {}) })) }
      : {}),
  };
}

/** The assertion as a provider sees it now: a revoked award says so, with the reason. */
export const servedAssertion = (award: Award) =>
  award.revoked ? { ...award.assertion, revoked: true, revocationReason: award.revoked.reason } : award.assertion;

/**
 * What the assertion's public URL answers. A revoked award answers what OB 2.0 hosted verification asks
 * of a revoked assertion's URL (served with 410 Gone): its id, `revoked: true` and the reason, nothing else.
 */
export const publishedAssertion = (award: Award, baseUrl: string) =>
  award.revoked
    ? { '@context': OB2_CONTEXT, id: awardUrls(baseUrl, award.id).assertion, revoked: true, revocationReason: award.revoked.reason }
    : award.assertion;

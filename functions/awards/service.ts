// Issuing and revoking awards. An award is complete or absent: the baked image is stored first, under
// the award's own key, and the award record last, so until that one conditional write succeeds
// nothing refers to the image and no public URL answers; a failed attempt leaves an unreferenced
// image object and an unused revocation bit, and the provider's retry issues the award afresh.
import { createHmac, randomBytes } from 'node:crypto';
import { apiKeyPepper } from '../auth/pepper';
import { readCity } from '../city/env';
import { allocateStatusIndex, getAward, holdsAward, putAward, revokeAward } from '../data/awards';
import { getBadgeClass } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import type { Principal } from '../domain/api-keys';
import { addDays, AWARD_ID_LENGTH, AwardRequestSchema, awardUrls, type Award, type AwardRequest } from '../domain/awards';
import { bake } from '../domain/baking';
import { badgeClassUrls, openBadgesAlignment } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES } from '../domain/badge-images';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../domain/credentials/open-badge-credential';
import { signCredential } from '../domain/credentials/sign';
import { DomainError, notFound, type FieldProblem } from '../domain/errors';
import { randomId } from '../domain/ids';
import { assertionV2 } from '../domain/openbadges/assertion';
import { issuerUrls, statusListUrl } from '../domain/openbadges/issuer';
import { assertActsFor } from '../domain/ownership';
import { citySigner } from '../signing/city-key';
import { getImage, imageKeys, putImage } from '../storage/images';

const city = readCity();
const loader = createDocumentLoader();

// Class images are stored under a key per version and never change: keep the recent ones in memory.
const classImages = new Map<string, Buffer>();
const CLASS_IMAGE_CACHE_SIZE = 32;
async function classImageBytes(key: string): Promise<Buffer> {
  const cached = classImages.get(key);
  if (cached) return cached;
  const bytes = await getImage(key);
  if (classImages.size >= CLASS_IMAGE_CACHE_SIZE) classImages.delete(classImages.keys().next().value!);
  classImages.set(key, bytes);
  return bytes;
}


/** A keyed hash of the normalised email: finds a learner's awards without storing the address. */
export const recipientKey = async (email: string) =>
  createHmac('sha256', await apiKeyPepper()).update(`recipient:${email.trim().toLowerCase()}`).digest('hex');

export async function issueAward(badgeClassId: string, request: AwardRequest, principal: Principal, now: Date): Promise<Award> {
  const badgeClass = await getBadgeClass(badgeClassId);
  if (!badgeClass) throw notFound(`Badge class ${badgeClassId}`);
  assertActsFor(principal, badgeClass.issuerId, `Badge class ${badgeClassId}`);
  if (badgeClass.status === 'archived') throw new DomainError('conflict', `Badge class ${badgeClassId} is archived: it can no longer be awarded`);
  // Independent reads and the revocation bit, at once: the award waits for the slowest, not the sum.
  const [provider, classImage, statusListIndex] = await Promise.all([
    getProvider(badgeClass.issuerId),
    classImageBytes(badgeClass.image.key),
    allocateStatusIndex(badgeClass.issuerId),
  ]);
  if (!provider) throw new Error(`Badge class ${badgeClassId} names missing provider ${badgeClass.issuerId}`);

  const id = randomId(AWARD_ID_LENGTH);
  const urls = awardUrls(city.baseUrl, id);
  const classUrls = badgeClassUrls(city.baseUrl, badgeClass.id, badgeClass.version);
  const issuer = issuerUrls(city.baseUrl, provider.id);
  const salt = randomBytes(16).toString('hex');
  const issuedOn = request.issuedOn ? new Date(request.issuedOn).toISOString() : now.toISOString();
  const expires = badgeClass.expiresAfterDays ? addDays(issuedOn, badgeClass.expiresAfterDays) : undefined;

  const assertion = assertionV2(
    { awardId: id, badgeClassUrl: classUrls.versioned, email: request.recipient.email, salt, issuedOn, expires, evidence: request.evidence, narrative: request.narrative },
    city.baseUrl,
  );
  const credential = await signCredential(
    buildOpenBadgeCredential({
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
      recipient: { email: request.recipient.email, salt },
      validFrom: issuedOn,
      validUntil: expires,
      evidence: request.evidence.length ? request.evidence.map((e) => ({ id: e.url, name: e.name, narrative: e.narrative })) : undefined,
      status: { statusListCredential: statusListUrl(city.baseUrl, provider.id), statusListIndex },
    }),
    await citySigner(issuer.v3),
    loader,
  );

  const baked = bake(
    { type: badgeClass.image.type, data: classImage },
    { openbadges: JSON.stringify(assertion), openbadgecredential: JSON.stringify(credential) },
  );
  const image = { key: imageKeys.award(id, badgeClass.image.type), type: badgeClass.image.type };
  await putImage(image.key, baked, IMAGE_CONTENT_TYPES[image.type]);

  const award: Award = {
    id,
    badgeClassId: badgeClass.id,
    badgeClassVersion: badgeClass.version,
    issuerId: provider.id,
    issuedOn,
    ...(expires ? { expires } : {}),
    statusListIndex,
    image,
    assertion,
    credential: credential as unknown as Award['credential'],
    createdAt: now.toISOString(),
  };
  await putAward(award, await recipientKey(request.recipient.email));
  return award;
}

export async function revoke(awardId: string, reason: string, principal: Principal, now: Date): Promise<Award> {
  const award = await getAward(awardId);
  if (!award) throw notFound(`Award ${awardId}`);
  assertActsFor(principal, award.issuerId, `Award ${awardId}`);
  return revokeAward(award, reason, now);
}

const BATCH_CONCURRENCY = 4;

export type BatchRowResult =
  | { index: number; status: 'created'; award: Award }
  | { index: number; status: 'duplicate'; detail: string }
  | { index: number; status: 'invalid'; errors: FieldProblem[] }
  | { index: number; status: 'failed'; detail: string };

/**
 * Awards one badge class to many learners. Each row stands alone: an invalid row, a learner who already
 * holds the badge (or appears twice) or a failed row never stops the others, and each row says which.
 */
export async function issueBatch(badgeClassId: string, rows: unknown[], principal: Principal, now: Date): Promise<BatchRowResult[]> {
  const badgeClass = await getBadgeClass(badgeClassId);
  if (!badgeClass) throw notFound(`Badge class ${badgeClassId}`);
  assertActsFor(principal, badgeClass.issuerId, `Badge class ${badgeClassId}`);
  if (badgeClass.status === 'archived') throw new DomainError('conflict', `Badge class ${badgeClassId} is archived: it can no longer be awarded`);

  const seen = new Set<string>();
  const results: BatchRowResult[] = [];
  const work: { index: number; request: AwardRequest }[] = [];
  for (const [index, row] of rows.entries()) {
    const parsed = AwardRequestSchema.safeParse(row);
    if (!parsed.success) {
      results.push({ index, status: 'invalid', errors: parsed.error.issues.map((i) => ({ in: 'body', field: `recipients[${index}].${i.path.join('.')}`, detail: i.message })) });
      continue;
    }
    const key = await recipientKey(parsed.data.recipient.email);
    if (seen.has(key)) results.push({ index, status: 'duplicate', detail: 'the same learner appears earlier in this batch' });
    else if (await holdsAward(key, badgeClassId)) results.push({ index, status: 'duplicate', detail: 'this learner already holds this badge' });
    else work.push({ index, request: parsed.data });
    seen.add(key);
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: BATCH_CONCURRENCY }, async () => {
      while (next < work.length) {
        const { index, request } = work[next++]!;
        try {
          results.push({ index, status: 'created', award: await issueAward(badgeClassId, request, principal, now) });
        } catch (error) {
          results.push({ index, status: 'failed', detail: error instanceof DomainError ? error.message : 'could not be issued; retry this row' });
        }
      }
    }),
  );
  return results.sort((a, b) => a.index - b.index);
}

// Issuing and revoking awards. An award is complete or absent: the baked image is stored first, under
// the award's own key, and the award record last, so until that one conditional write succeeds
// nothing refers to the image and no public URL answers; a failed attempt leaves an unreferenced
// image object and an unused revocation bit, and the provider's retry issues the award afresh.
import { createHmac, randomBytes } from 'node:crypto';
import { cityKey } from '../auth/city-secret';
import { readCity } from '../../definitions/city-env';
import { businessMetrics } from '../../definitions/metrics';
import { allocateStatusIndices, awardExists, getAward, holdsAward, putAward, revokeAward } from '../data/awards';
import { getBadgeClass } from '../data/badge-classes';
import { getProvider } from '../data/providers';
import type { Principal } from '../domain/api-keys';
import { addDays, AWARD_ID_LENGTH, AwardRequestSchema, awardUrls, MAX_AWARD_REQUEST_BYTES, type Award, type AwardRequest } from '../domain/awards';
import { bake } from '../domain/baking';
import { badgeClassUrls, openBadgesAlignment } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES } from '../domain/badge-images';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../domain/credentials/open-badge-credential';
import { signCredential } from '../domain/credentials/sign';
import { DomainError, fieldName, notFound, type FieldProblem } from '../domain/errors';
import { randomId } from '../domain/ids';
import { open, seal } from '../domain/sealed-text';
import { assertionV2 } from '../domain/openbadges/assertion';
import { issuerUrls, statusListUrl } from '../domain/openbadges/issuer';
import { assertActsFor } from '../domain/ownership';
import { citySigner } from '../signing/city-key';
import { countMetric } from '../http/observability';
import { getImage, imageKeys, putImage } from '../storage/images';
import { awardableBadgeClass } from './awardable';

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


/** The key learners' names are sealed with (derived from the city's secret, for this purpose only). */
export const recipientNameKey = () => cityKey('sealed-names');

/** The learner's name, for the award's provider (or a city admin); undefined when none was given. */
export const recipientName = (award: Award, key: Buffer) => (award.sealedRecipientName ? open(award.sealedRecipientName, key, award.id) : undefined);

/** A keyed hash of the normalised email: finds a learner's awards without storing the address. */
export const recipientKey = async (email: string) =>
  createHmac('sha256', await cityKey('recipient-keys')).update(email.trim().toLowerCase()).digest('hex');

export interface IssueOptions {
  /**
   * The award's id, when the caller derives it (an import row: the same row always gets the same id,
   * so a retried chunk finds what an interrupted one made). Random otherwise.
   */
  id?: string;
}

export async function issueAward(badgeClassId: string, request: AwardRequest, principal: Principal, now: Date, options: IssueOptions = {}): Promise<Award> {
  const badgeClass = await awardableBadgeClass(badgeClassId, principal);
  // Independent reads and the revocation bit, at once: the award waits for the slowest, not the sum.
  const [provider, classImage, statusListIndex] = await Promise.all([
    getProvider(badgeClass.issuerId),
    classImageBytes(badgeClass.image.key),
    allocateStatusIndices(badgeClass.issuerId, 1),
  ]);
  if (!provider) throw new Error(`Badge class ${badgeClassId} names missing provider ${badgeClass.issuerId}`);

  const id = options.id ?? randomId(AWARD_ID_LENGTH);
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
    ...(request.recipient.name !== undefined ? { sealedRecipientName: seal(request.recipient.name, await recipientNameKey(), id) } : {}),
    createdAt: now.toISOString(),
  };
  await putAward(award, await recipientKey(request.recipient.email));
  countMetric(businessMetrics.awardsIssued);
  return award;
}

export async function revoke(awardId: string, reason: string, principal: Principal, now: Date): Promise<Award> {
  const award = await getAward(awardId);
  if (!award) throw notFound(`Award ${awardId}`);
  assertActsFor(principal, award.issuerId, `Award ${awardId}`);
  const revoked = await revokeAward(award, reason, now);
  countMetric(businessMetrics.revocations);
  return revoked;
}

const BATCH_CONCURRENCY = 4;

export type BatchRowResult =
  | { index: number; status: 'created'; award: Award }
  | { index: number; status: 'duplicate'; detail: string }
  | { index: number; status: 'invalid'; errors: FieldProblem[] }
  | { index: number; status: 'failed'; detail: string };

export type AwardOutcome =
  | { status: 'created'; awardId: string; award?: Award }
  | { status: 'duplicate'; detail: string }
  | { status: 'failed'; detail: string; error: unknown };

export const ALREADY_HOLDS = 'this learner already holds this badge';

/**
 * Awards one learner, unless they already hold this badge class (a `duplicate`, as the batch and
 * import routes answer). With a derived `id`, an award already stored under it (made by an attempt
 * that was interrupted before it could say so) is `created`, not made twice. Never throws: a row that
 * cannot be issued is `failed`, with the error for the caller to judge.
 */
export async function awardUnlessHeld(
  badgeClassId: string,
  request: AwardRequest,
  recipient: string,
  principal: Principal,
  now: Date,
  options: IssueOptions = {},
): Promise<AwardOutcome> {
  try {
    if (options.id && (await awardExists(options.id))) return { status: 'created', awardId: options.id };
    if (await holdsAward(recipient, badgeClassId)) return { status: 'duplicate', detail: ALREADY_HOLDS };
    const award = await issueAward(badgeClassId, request, principal, now, options);
    return { status: 'created', awardId: award.id, award };
  } catch (error) {
    return { status: 'failed', detail: error instanceof DomainError ? error.message : 'could not be issued; retry this row', error };
  }
}

/** Runs `work` over `items`, `concurrency` at a time, and returns the results in the items' order. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

/**
 * Awards one badge class to many learners. Each row stands alone: an invalid row, a learner who already
 * holds the badge (or appears twice) or a failed row never stops the others, and each row says which.
 */
export async function issueBatch(badgeClassId: string, rows: unknown[], principal: Principal, now: Date): Promise<BatchRowResult[]> {
  await awardableBadgeClass(badgeClassId, principal);

  const seen = new Set<string>();
  const results: BatchRowResult[] = [];
  const work: { index: number; request: AwardRequest; recipient: string }[] = [];
  for (const [index, row] of rows.entries()) {
    // A row is held to the single award's limit: a larger one could never be stored, so "failed, retry" would be a lie.
    if (Buffer.byteLength(JSON.stringify(row) ?? '') > MAX_AWARD_REQUEST_BYTES) {
      results.push({ index, status: 'invalid', errors: [{ in: 'body', field: fieldName(['recipients', index]), detail: `is larger than ${MAX_AWARD_REQUEST_BYTES} bytes, the limit of one award` }] });
      continue;
    }
    const parsed = AwardRequestSchema.safeParse(row);
    if (!parsed.success) {
      results.push({ index, status: 'invalid', errors: parsed.error.issues.map((i) => ({ in: 'body', field: fieldName(['recipients', index, ...i.path]), detail: i.message })) });
      continue;
    }
    const recipient = await recipientKey(parsed.data.recipient.email);
    if (seen.has(recipient)) results.push({ index, status: 'duplicate', detail: 'the same learner appears earlier in this batch' });
    else work.push({ index, request: parsed.data, recipient });
    seen.add(recipient);
  }
  const outcomes = await inPool(work, BATCH_CONCURRENCY, ({ request, recipient }) => awardUnlessHeld(badgeClassId, request, recipient, principal, now));
  for (const [i, outcome] of outcomes.entries()) {
    const { index } = work[i]!;
    if (outcome.status === 'created') results.push({ index, status: 'created', award: outcome.award! });
    else if (outcome.status === 'duplicate') results.push({ index, status: 'duplicate', detail: outcome.detail });
    else results.push({ index, status: 'failed', detail: outcome.detail });
  }
  return results.sort((a, b) => a.index - b.index);
}

/** Its provider or a city admin may read a badge class's awards; to anyone else it does not exist. */
export async function assertManagesBadgeClass(badgeClassId: string, principal: Principal): Promise<void> {
  const badgeClass = await getBadgeClass(badgeClassId);
  if (!badgeClass) throw notFound(`Badge class ${badgeClassId}`);
  assertActsFor(principal, badgeClass.issuerId, `Badge class ${badgeClassId}`);
}

export async function assertManagesProvider(providerId: string, principal: Principal): Promise<void> {
  assertActsFor(principal, providerId, `Issuer ${providerId}`);
  if (!(await getProvider(providerId))) throw notFound(`Issuer ${providerId}`);
}

// The one way a badge is awarded: single awards, batches and import rows (and every later way, such as
// claim codes and milestone badges) come through `awardOnce`. An award is complete or absent: the baked
// image is stored first, under a key of its own, and the award record last, in one transaction with the
// learner's holder item (for a badge class they may hold once), conditional on neither existing. Until
// that write succeeds nothing refers to the image and no public URL answers; a failed attempt leaves an
// unreferenced image object and an unused revocation index, and a retry awards afresh. An award's id is
// random, or derived from what identifies the intended award (an Idempotency-Key, an import row), so that
// a retry of an attempt that did get there lands on the same award instead of making a second.
import { randomBytes } from 'node:crypto';
import { readCity } from '../../definitions/city-env';
import { businessMetrics } from '../../definitions/metrics';
import { cityKey, cityKeys } from '../auth/city-secret';
import { countMetric } from '../http/observability';
import { awardExists, claimStatusIndex, getAward, heldAward, putAward } from '../data/awards';
import { outboxExpiry, type OutboxEntry } from '../data/notifications';
import { getProvider } from '../data/providers';
import type { Principal } from '../domain/api-keys';
import { awardDocuments } from '../domain/award-documents';
import { alreadyHolds, AWARD_ID_LENGTH, awardUrls, derivedAwardId, isRepeatable, MAX_AWARD_REQUEST_BYTES, type Award, type AwardContent, type AwardRequest } from '../domain/awards';
import { bake } from '../domain/baking';
import type { BadgeClass } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../domain/credentials/open-badge-credential';
import { signCredential } from '../domain/credentials/sign';
import { DomainError, fieldName, type ExistingResource, type FieldProblem } from '../domain/errors';
import { randomId } from '../domain/ids';
import type { Provider } from '../domain/providers';
import { seal } from '../domain/sealed-text';
import { citySigner } from '../signing/city-key';
import { getImage, imageKeys, putImage } from '../storage/images';
import { AwardRequestSchema } from './award-request';
import { awardableBadgeClass } from './awardable';
import { inPool } from './pool';
import { recipientKey, recipientNameKeys } from './recipients';

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

/** What every award of one badge class shares: the class version and its provider, read once per batch or chunk. */
export interface Awarding {
  badgeClass: BadgeClass;
  provider: Provider;
}

/** The badge class, if `principal` may award it now (else not found, or a conflict if archived), and its provider. */
export async function prepareAwarding(badgeClassId: string, principal: Principal): Promise<Awarding> {
  // A provider's key can only award its own classes: its provider is read beside the class, not after.
  const [badgeClass, ownProvider] = await Promise.all([awardableBadgeClass(badgeClassId, principal), principal.providerId ? getProvider(principal.providerId) : undefined]);
  const provider = ownProvider ?? (await getProvider(badgeClass.issuerId));
  if (!provider) throw new Error(`Badge class ${badgeClassId} names missing provider ${badgeClass.issuerId}`);
  return { badgeClass, provider };
}

const existingAward = (id: string): ExistingResource => ({ id, url: awardUrls(city.baseUrl, id).page });

/**
 * `created`: the learner holds this award now (`award` when this call made it; an award an earlier
 * attempt made under the same derived id is only named). `duplicate`: the learner already held this
 * badge class, as `existing`.
 */
export type AwardOutcome =
  | { status: 'created'; awardId: string; award?: Award }
  | { status: 'duplicate'; detail: string; existing: ExistingResource };

export interface AwardOptions {
  /** A derived id (see the module comment); random if absent. */
  id?: string;
  now: Date;
  /** False: do not email the learner, whatever the request says (a batch or an import switched it off). */
  notify?: boolean;
  /**
   * The address to tell when the request names the learner by hash only: a milestone's, the address
   * the learner verified in their passport for this recipient key (none known: no email).
   */
  mailTo?: string;
}

/** The address the request names the learner by, if it does (a milestone names them by the published hash only). */
const addressIn = (request: AwardContent) => ('email' in request.recipient ? request.recipient.email : undefined);

/** The email telling the learner, to be written with the award: their address sealed to it. */
async function outboxEntry(award: Award, address: string, recipient: string, now: Date): Promise<OutboxEntry> {
  return {
    awardId: award.id,
    providerId: award.issuerId,
    badgeClassId: award.badgeClassId,
    recipientKey: recipient,
    sealedAddress: seal(address, await cityKeys('mail-addresses'), award.id),
    createdAt: now.toISOString(),
    expiresAt: outboxExpiry(now),
  };
}

const duplicate = (heldAwardId: string): AwardOutcome => ({ status: 'duplicate', detail: alreadyHolds(city.baseUrl, heldAwardId), existing: existingAward(heldAwardId) });

/**
 * Awards one learner (`recipient`: their keyed hash), at most once per badge class unless the class is
 * repeatable. The reads before the work (an award under the derived id, a holder item) only save
 * signing for nothing; the guard is the conditional transaction at the end. Throws when storage fails:
 * nothing half-made is visible, and a retry is safe.
 */
export async function awardOnce({ badgeClass, provider }: Awarding, request: AwardContent, recipient: string, { id, now, notify, mailTo }: AwardOptions): Promise<AwardOutcome> {
  const unique = !isRepeatable(badgeClass);
  // A derived id is a retry's (an import chunk again, an Idempotency-Key again): often made already, so
  // looked for before anything else.
  if (id && (await awardExists(id))) return { status: 'created', awardId: id };
  const awardId = id ?? randomId(AWARD_ID_LENGTH);
  // The holder check beside the class image; the revocation index only after it, so that an award
  // refused as a duplicate (409) writes nothing.
  const [held, classImage] = await Promise.all([unique ? heldAward(badgeClass.id, recipient) : undefined, classImageBytes(badgeClass.image.key)]);
  if (held) return duplicate(held);
  const statusListIndex = await claimStatusIndex(provider.id, awardId);
  const salt = 'hashed' in request.recipient ? request.recipient.hashed.salt : randomBytes(16).toString('hex');
  const documents = awardDocuments({ id: awardId, baseUrl: city.baseUrl, badgeClass, provider, request, salt, statusListIndex, now });
  const credential = await signCredential(buildOpenBadgeCredential(documents.credential), await citySigner(documents.signerId), loader);
  const baked = bake(
    { type: badgeClass.image.type, data: classImage },
    { openbadges: JSON.stringify(documents.assertion), openbadgecredential: JSON.stringify(credential) },
  );
  // A key per attempt: two attempts at one derived id never overwrite the image the stored award names.
  const image = { key: imageKeys.award(`${awardId}.${randomId(8)}`, badgeClass.image.type), type: badgeClass.image.type };
  await putImage(image.key, baked, IMAGE_CONTENT_TYPES[image.type]);

  const award: Award = {
    id: awardId,
    badgeClassId: badgeClass.id,
    badgeClassVersion: badgeClass.version,
    issuerId: provider.id,
    issuedOn: documents.issuedOn,
    ...(documents.expires ? { expires: documents.expires } : {}),
    statusListIndex,
    image,
    assertion: documents.assertion,
    credential: credential as unknown as Award['credential'],
    ...('name' in request.recipient && request.recipient.name !== undefined ? { sealedRecipientName: seal(request.recipient.name, await recipientNameKeys(), awardId) } : {}),
    createdAt: now.toISOString(),
  };
  const address = notify !== false && request.notify !== false ? (addressIn(request) ?? mailTo) : undefined;
  const stored = await putAward(award, { recipientKey: recipient, unique, ...(address !== undefined ? { outbox: await outboxEntry(award, address, recipient, now) } : {}) });
  if (stored.status === 'created') {
    countMetric(businessMetrics.awardsIssued);
    return { status: 'created', awardId, award };
  }
  if (stored.status === 'exists') return { status: 'created', awardId };
  return duplicate(stored.awardId);
}

export type RowOutcome = AwardOutcome | { status: 'failed'; detail: string; error: unknown };

const FAILED_ROW = 'could not be issued; retry this row';

/** `awardOnce` for a row of many: a row that cannot be issued is `failed`, with the error for the caller to judge, never thrown. */
export const awardRow = (awarding: Awarding, request: AwardRequest, recipient: string, options: AwardOptions): Promise<RowOutcome> =>
  awardOnce(awarding, request, recipient, options).catch((error: unknown) => ({ status: 'failed' as const, detail: FAILED_ROW, error }));

/**
 * A single award. With an Idempotency-Key, the award's id is derived from the caller's API key, the
 * badge class, the key and the request, so a retry after a timeout (whose answer was lost, but whose
 * award may have been stored) answers that same award. A learner who holds the badge already is a
 * conflict naming their award.
 */
export async function issueAward(badgeClassId: string, request: AwardRequest, principal: Principal, options: { now: Date; idempotencyKey?: string }): Promise<Award> {
  const awarding = await prepareAwarding(badgeClassId, principal);
  const id = options.idempotencyKey
    ? derivedAwardId(await cityKey('idempotent-award-ids'), `award:${JSON.stringify([principal.keyPrefix, badgeClassId, options.idempotencyKey, request])}`)
    : undefined;
  const outcome = await awardOnce(awarding, request, await recipientKey(request.recipient.email), { id, now: options.now });
  if (outcome.status === 'duplicate') {
    throw new DomainError('conflict', `This learner already holds badge class ${badgeClassId}: award ${outcome.existing.id}`, [], outcome.existing);
  }
  if (outcome.award) return outcome.award;
  const stored = await getAward(outcome.awardId, { consistent: true });
  if (!stored) throw new Error(`Award ${outcome.awardId} was stored but cannot be read back`);
  return stored;
}

export type BatchRowResult =
  | { index: number; status: 'created'; awardId: string }
  | { index: number; status: 'duplicate'; detail: string; existing?: ExistingResource }
  | { index: number; status: 'invalid'; errors: FieldProblem[] }
  | { index: number; status: 'failed'; detail: string };

const BATCH_CONCURRENCY = 4;
/**
 * A batch starts no row with less than this left of its invocation (a row takes well under a second,
 * several under load), and stops waiting for rows in flight with STOP_WAITING_MS left: it answers
 * before the function's deadline, never a timeout after writes.
 */
export const STOP_STARTING_MS = 8_000;
export const STOP_WAITING_MS = 3_000;
export const NOT_REACHED = 'not started: the batch ran out of time; retry this row';
export const STILL_WRITING =
  'not finished in time; retry this row (if it was issued meanwhile, the retry answers duplicate, naming the award)';

export interface BatchOptions {
  now: Date;
  /** False: email none of the batch's learners (a row can also say so for itself). */
  notify?: boolean;
  /** Milliseconds left of this invocation (Lambda's context.getRemainingTimeInMillis). */
  remainingMs: () => number;
}

/**
 * Awards one badge class to many learners. Each row stands alone: an invalid row, a learner who already
 * holds the badge (or appears twice) or a failed row never stops the others, and each row says which.
 * Rows it has no time for are `failed` (retryable), with the rest answered.
 */
export async function issueBatch(badgeClassId: string, rows: unknown[], principal: Principal, options: BatchOptions): Promise<BatchRowResult[]> {
  const awarding = await prepareAwarding(badgeClassId, principal);
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
    // Once per batch even for a repeatable class: one batch is one occasion.
    if (seen.has(recipient)) results.push({ index, status: 'duplicate', detail: 'the same learner appears earlier in this batch' });
    else work.push({ index, request: parsed.data, recipient });
    seen.add(recipient);
  }

  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<RowOutcome>((resolve) => {
    // setTimeout takes at most 2^31 - 1 ms (a longer delay fires at once): without a deadline, never.
    const wait = Math.min(Math.max(0, options.remainingMs() - STOP_WAITING_MS), 2 ** 31 - 1);
    timer = setTimeout(() => resolve({ status: 'failed', detail: STILL_WRITING, error: undefined }), wait);
  });
  const outcomes = await inPool(work, BATCH_CONCURRENCY, async ({ request, recipient }): Promise<RowOutcome> => {
    if (options.remainingMs() < STOP_STARTING_MS) return { status: 'failed', detail: NOT_REACHED, error: undefined };
    return Promise.race([awardRow(awarding, request, recipient, { now: options.now, notify: options.notify }), late]);
  }).finally(() => clearTimeout(timer));

  for (const [i, outcome] of outcomes.entries()) {
    const { index } = work[i]!;
    if (outcome.status === 'created') results.push({ index, status: 'created', awardId: outcome.awardId });
    else if (outcome.status === 'duplicate') results.push({ index, status: 'duplicate', detail: outcome.detail, existing: outcome.existing });
    else results.push({ index, status: 'failed', detail: outcome.detail });
  }
  return results.sort((a, b) => a.index - b.index);
}

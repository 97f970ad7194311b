// The badge classes group's service. Creating and changing badge classes: resolve skills against the
// spine, store the image, write the new version. The image goes first under a version-specific key, so
// a failed write leaves only an unreferenced object and a retry overwrites it. Reading them: the current
// version, any version and its image, a provider's catalogue, and a class's "earn this badge" page.
import { readCity } from '../../definitions/city-env';
import { getBadgeClass, getBadgeClassVersion, listBadgeClassesByProvider, putBadgeClassVersion } from '../data/badge-classes';
import { searchOpportunities } from '../data/opportunities';
import { getSpine } from '../data/skills';
import type { Principal } from '../domain/api-keys';
import { BADGE_CLASS_ID_LENGTH, badgeClassProvider, resolveAlignments, type BadgeClass, type BadgeClassChanges, type NewBadgeClass } from '../domain/badge-classes';
import { IMAGE_CONTENT_TYPES, type ImageType } from '../domain/image-types';
import { DomainError, invalid, notFound } from '../domain/errors';
import { randomId } from '../domain/ids';
import { assertActsFor } from '../domain/ownership';
import { renderDefaultBadgeSvg } from '../domain/pages/default-badge-svg';
import { readPage, type PageRequest } from '../http/pagination';
import { pathwaysWith } from '../pathways/service';
import { findProvider, requireProvider } from '../services/providers';

const city = readCity();

// The bucket (the S3 client) is loaded by the first request that stores or reads a picture, not at the
// cold start of a class's page or JSON, the common case: a chunk of its own in the asset.
const images = () => import('../storage/images');

async function skillsById() {
  const { skills } = await getSpine();
  return new Map(skills.map((skill) => [skill.id, skill]));
}

async function storeImage(id: string, version: number, type: ImageType, data: Buffer): Promise<BadgeClass['image']> {
  const { imageKeys, putImage } = await images();
  const key = imageKeys.badgeClass(id, version, type);
  await putImage(key, data, IMAGE_CONTENT_TYPES[type]);
  return { key, type };
}

const defaultImage = (name: string) =>
  Buffer.from(renderDefaultBadgeSvg({ name, primaryColour: city.branding.primaryColour, secondaryColour: city.branding.secondaryColour, label: city.branding.displayName }));

export async function createBadgeClass(input: NewBadgeClass, principal: Principal, now: Date): Promise<BadgeClass> {
  const providerId = badgeClassProvider(principal, input);
  if (!(await findProvider(providerId))) throw invalid([{ in: 'body', field: 'issuerId', detail: 'is not a provider of this city' }]);
  const alignments = resolveAlignments(input.alignments, await skillsById(), city.baseUrl);
  const id = randomId(BADGE_CLASS_ID_LENGTH);
  const { issuerId: _ignored, ...fields } = input;
  const badgeClass: BadgeClass = {
    ...fields,
    id,
    version: 1,
    issuerId: providerId,
    alignments,
    image: await storeImage(id, 1, 'svg', defaultImage(input.name)),
    status: 'active',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await putBadgeClassVersion(badgeClass, undefined);
  return badgeClass;
}

/** The current version, if the caller may manage it; someone else's class is "not found". */
export async function managedBadgeClass(id: string, principal: Principal): Promise<BadgeClass> {
  const badgeClass = await getBadgeClass(id);
  if (!badgeClass) throw notFound(`Badge class ${id}`);
  assertActsFor(principal, badgeClass.issuerId, `Badge class ${id}`);
  return badgeClass;
}

async function newVersion(previous: BadgeClass, changes: Partial<BadgeClass>, now: Date, image?: { type: ImageType; data: Buffer }) {
  if (previous.status === 'archived') throw new DomainError('conflict', `Badge class ${previous.id} is archived`);
  const version = previous.version + 1;
  const next: BadgeClass = {
    ...previous,
    ...changes,
    version,
    image: image ? await storeImage(previous.id, version, image.type, image.data) : previous.image,
    updatedAt: now.toISOString(),
  };
  await putBadgeClassVersion(next, previous);
  return next;
}

export async function changeBadgeClass(id: string, changes: BadgeClassChanges, principal: Principal, now: Date): Promise<BadgeClass> {
  const previous = await managedBadgeClass(id, principal);
  const { alignments: requested, ...fields } = changes;
  const alignments = requested ? resolveAlignments(requested, await skillsById(), city.baseUrl) : undefined;
  return newVersion(previous, { ...fields, ...(alignments ? { alignments } : {}) }, now);
}

export async function replaceBadgeClassImage(id: string, image: { type: ImageType; data: Buffer }, principal: Principal, now: Date) {
  return newVersion(await managedBadgeClass(id, principal), {}, now, image);
}

export async function archiveBadgeClass(id: string, principal: Principal, now: Date): Promise<BadgeClass> {
  const previous = await managedBadgeClass(id, principal);
  if (previous.status === 'archived') throw new DomainError('conflict', `Badge class ${id} is already archived`);
  const archived: BadgeClass = { ...previous, version: previous.version + 1, status: 'archived', updatedAt: now.toISOString() };
  await putBadgeClassVersion(archived, previous);
  return archived;
}

export async function currentBadgeClass(id: string): Promise<BadgeClass> {
  const badgeClass = await getBadgeClass(id);
  if (!badgeClass) throw notFound(`Badge class ${id}`);
  return badgeClass;
}

export async function badgeClassVersion(id: string, version: number): Promise<BadgeClass> {
  const badgeClass = await getBadgeClassVersion(id, version);
  if (!badgeClass) throw notFound(`Version ${version} of badge class ${id}`);
  return badgeClass;
}

export async function badgeClassVersionImage(id: string, version: number): Promise<{ type: ImageType; data: Buffer }> {
  const { image } = await badgeClassVersion(id, version);
  return { type: image.type, data: await (await images()).getImage(image.key) };
}

/** A provider's catalogue: its badge classes (current versions, archived ones marked), newest first. */
export async function providerCatalogue(providerId: string, page: PageRequest) {
  await requireProvider(providerId, `Issuer ${providerId}`);
  return readPage(`badge-classes:${providerId}`, page, (limit, start) => listBadgeClassesByProvider(providerId, limit, start));
}

/** The listed opportunities an "earn this badge" page shows, soonest first; the search lists the rest. */
const EARN_AT = 12;

/** A badge class's page: the class, its provider, the spine (skills' names and levels), where to earn it and the pathways it is a step of. */
export async function badgeClassPageView(id: string, now: Date) {
  const badgeClass = await currentBadgeClass(id);
  const [provider, spine, opportunities, pathways] = await Promise.all([
    findProvider(badgeClass.issuerId),
    getSpine(),
    // An archived class can no longer be earned: opportunities that still name it are not offered for it.
    badgeClass.status === 'active' ? searchOpportunities({ badgeClass: id }, EARN_AT, undefined, now) : Promise.resolve({ items: [] }),
    pathwaysWith(id),
  ]);
  return { badgeClass, provider, spine, opportunities: opportunities.items, moreOpportunities: 'next' in opportunities && opportunities.next !== undefined, pathways };
}

import type * as z from 'zod/mini';
import type { BadgeClass } from '../domain/badge-classes';
import { badgeClassUrls } from '../domain/badge-classes';
import type { BadgeClassJsonSchema } from './contract';

/** A badge class as its managers see it: the stored fields (image as its public URL) and its URLs. */
export function presentBadgeClass(badgeClass: BadgeClass, baseUrl: string): z.output<typeof BadgeClassJsonSchema> {
  const urls = badgeClassUrls(baseUrl, badgeClass.id, badgeClass.version);
  const { image: _stored, ...fields } = badgeClass;
  return { ...fields, image: urls.image, links: { current: urls.current, version: urls.versioned, awards: `${urls.current}/awards` } };
}

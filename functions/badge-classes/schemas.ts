import * as z from 'zod/mini';
import { BADGE_CLASS_ID_LENGTH } from '../domain/badge-classes';
import { randomIdPattern } from '../domain/ids';

export const BadgeClassParams = z.object({
  badgeClassId: z.string().check(z.regex(randomIdPattern(BADGE_CLASS_ID_LENGTH), 'must be a badge class id')),
});

export const VersionParams = z.extend(BadgeClassParams, {
  version: z.pipe(
    z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a version number')),
    z.transform((v) => Number(v)),
  ),
});

import * as z from 'zod/mini';
import { pathwayIdPattern } from '../domain/pathways';

export const PathwayParams = z.object({
  pathwayId: z.string().check(z.regex(pathwayIdPattern, 'must be a pathway id')),
});

export const PathwayVersionParams = z.extend(PathwayParams, {
  version: z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, 'must be a version number')), z.transform((v) => Number(v))),
});

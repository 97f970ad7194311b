// What the system routes answer.
import * as z from 'zod/mini';
import { BrandingSchema } from '../../definitions/city-env';
import { jsonResponse, type GroupContract } from '../http/contract';

export const HealthQuerySchema = z.object({
  deep: z.optional(
    z.enum(['true', 'false']).check(z.describe('true: a readiness check, which also asks the table and the bucket (one read each); without it, liveness only')),
  ),
});

export const HealthSchema = z.object({
  status: z.literal('ok'),
  city: z.string(),
  time: z.iso.datetime(),
  /** Only for deep=true: each dependency answered. */
  checks: z.optional(z.object({ table: z.literal('ok'), bucket: z.literal('ok') })),
});

export const CitySchema = z.object({
  id: z.string(),
  name: z.string(),
  branding: BrandingSchema,
  links: z.object({ self: z.url(), skills: z.url(), health: z.url(), openapi: z.url(), docs: z.url() }),
});

export const contract = {
  'GET /health': {
    query: HealthQuerySchema,
    response: jsonResponse('The city answers (and with deep=true, its table and bucket answer too)', HealthSchema),
    unavailable: 'deep=true only: the table or the bucket does not answer; detail says which',
  },
  'GET /city': { response: jsonResponse("The city's name, branding and links", CitySchema) },
} satisfies GroupContract<'system'>;

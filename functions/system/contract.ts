// What the system routes answer.
import * as z from 'zod/mini';
import { BrandingSchema } from '../../definitions/city-env';
import { jsonResponse, type GroupContract } from '../http/contract';

export const HealthSchema = z.object({ status: z.literal('ok'), city: z.string(), time: z.iso.datetime() });

export const CitySchema = z.object({
  id: z.string(),
  name: z.string(),
  branding: BrandingSchema,
  links: z.object({ self: z.url(), skills: z.url(), health: z.url(), openapi: z.url(), docs: z.url() }),
});

export const contract = {
  'GET /health': { response: jsonResponse('The city answers', HealthSchema) },
  'GET /city': { response: jsonResponse("The city's name, branding and links", CitySchema) },
} satisfies GroupContract<'system'>;

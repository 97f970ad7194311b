// What the labour-market routes take and answer.
import * as z from 'zod/mini';
import { AreaCode, DemandPeriod, MAX_DEMAND_BYTES } from '../domain/labour-market';
import { jsonResponse, type GroupContract } from '../http/contract';
import { skillId } from '../skills/schemas';

const count = z.int().check(z.nonnegative());

const UploadedSetSchema = z.object({
  source: z.string(),
  period: z.string().check(z.describe('A month (YYYY-MM) or a quarter (YYYY-Qn)')),
  rows: count,
  total: count.check(z.describe("The sum of the set's demand")),
  result: z.enum(['added', 'replaced', 'unchanged']).check(z.describe('unchanged: the same figures were already stored, and nothing was written')),
});

export const DemandUploadJsonSchema = z
  .object({ sets: z.array(UploadedSetSchema) })
  .check(z.meta({ id: 'DemandUpload', description: "What an upload changed: each source and period the file names, whose stored figures it replaced as a whole" }));

const DemandFigureJsonSchema = z.object({
  period: z.string(),
  source: z.string(),
  skillId: z.string(),
  area: z.string(),
  demand: count,
});

const DemandQuery = z
  .object({
    period: z.optional(DemandPeriod.check(z.describe('Only this month (YYYY-MM) or quarter (YYYY-Qn), exactly as uploaded'))),
    skill: z.optional(skillId.check(z.describe("Only this skill of the city's spine"))),
    area: z.optional(AreaCode.check(z.describe('Only this area'))),
  })
  .check(z.refine((query) => query.period !== undefined || query.skill !== undefined, { path: ['period'], message: 'is required unless skill is given' }));

export const contract = {
  'PUT /labour-market/demand': {
    rawBody: { contentTypes: ['text/csv'], maxBytes: MAX_DEMAND_BYTES },
    response: jsonResponse('Stored: each source and period of the file replaced as a whole (sending the same file again changes nothing)', DemandUploadJsonSchema),
    conflict: 'Another upload changed one of the same sources and periods meanwhile: nothing of this file was stored; send it again',
  },
  'GET /labour-market/demand': {
    query: DemandQuery,
    response: jsonResponse(
      'The uploaded figures that match, every source',
      z.object({ items: z.array(DemandFigureJsonSchema) }).check(z.meta({ id: 'DemandFigures', description: "Uploaded labour-market demand: what a source counted, by skill, area and period" })),
    ),
  },
} satisfies GroupContract<'labourMarket'>;

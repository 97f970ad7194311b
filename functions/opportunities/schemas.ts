import * as z from 'zod/mini';
import { opportunityIdPattern } from '../domain/opportunities';

export const OpportunityParams = z.object({
  opportunityId: z.string().check(z.regex(opportunityIdPattern, 'must be an opportunity id')),
});

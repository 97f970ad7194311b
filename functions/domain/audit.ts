// An audit entry: one successful write through the API. Apart from the data module, so that the API
// contract can show the shape without importing the DynamoDB client.
import * as z from 'zod/mini';

export const AuditEntrySchema = z.object({
  at: z.string(),
  requestId: z.string(),
  role: z.string(),
  providerId: z.optional(z.string()),
  keyPrefix: z.string(),
  route: z.string(),
  path: z.string(),
  status: z.number(),
  /** What happened, where the route does not say it all (a learner's account deleted: what went, what stayed). */
  note: z.optional(z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

// The held-claims consumer of the city's event stream (definitions/consumers.ts): when an under-13's
// account becomes active (the guardian agreed), the claim codes' uses held for it are claimed
// (functions/services/claiming.ts, claimHeldBadges). A hold written for an account that is active by
// then (the guardian agreed while the child was scanning) is claimed the same way. Idempotent: each
// award has a derived id, each use was reserved once, and a claimed hold is forgotten.
import { LearnerAccountSchema } from '../domain/learners';
import { logger } from '../http/logger';
import { claimHeldBadges } from '../services/claiming';
import { streamConsumer } from '../stream/consumer';

const statusOf = (image: Record<string, unknown> | undefined) => {
  const parsed = image ? LearnerAccountSchema.safeParse(image) : undefined;
  return parsed?.success ? parsed.data.status : undefined;
};

export const handler = streamConsumer('heldClaims', async (change) => {
  const learnerId = change.keys.pk.slice('LEARNER#'.length);
  const consented = change.keys.sk === 'ACCOUNT' && change.name === 'MODIFY' && statusOf(change.oldImage) === 'awaiting-consent' && statusOf(change.newImage) === 'active';
  const held = change.keys.sk.startsWith('CLAIM#') && change.name === 'INSERT';
  if (!consented && !held) return;
  // A hold is claimed only once its account is active (a hold of an account still waiting stays).
  const outcomes = await claimHeldBadges(learnerId, new Date());
  if (outcomes.length) logger.info('held claims claimed', { eventId: change.eventId, count: outcomes.length });
});

// The milestone consumer of the city's event stream (definitions/consumers.ts): each holder item put
// (an award of a unique badge class) or removed (its revocation) is handed to the milestone service.
import { holderChange } from '../domain/milestones';
import { logger } from '../http/logger';
import { awardMilestones } from '../services/milestones';
import { streamConsumer } from '../stream/consumer';

export const handler = streamConsumer('milestones', async (change) => {
  const holder = holderChange(change.keys.pk, change.newImage ?? change.oldImage);
  if (!holder) return;
  const outcomes = await awardMilestones(holder, new Date());
  if (outcomes.length) logger.debug('milestones evaluated', { eventId: change.eventId, outcomes });
});

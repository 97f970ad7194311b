// The notifications consumer of the city's event stream (definitions/consumers.ts): each outbox item an
// award wrote is an email to send (functions/services/award-emails.ts). Idempotent by the outbox itself:
// the email is sent while the item exists and the item is deleted after, so a redelivered record finds
// nothing to send; a failure (SES throttling, a crash) leaves the item, and the record's retry sends it.
import { logger } from '../http/logger';
import { sendMail } from '../mail/send';
import { deliverAwardEmail, outboxAwardId } from '../services/award-emails';
import { streamConsumer } from '../stream/consumer';

export const handler = streamConsumer('notifications', async (change) => {
  const awardId = outboxAwardId(change.keys.pk);
  if (change.name !== 'INSERT' || !awardId) return;
  const outcome = await deliverAwardEmail(awardId, sendMail, new Date());
  logger.info('award email', { awardId, outcome });
});

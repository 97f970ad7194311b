// SES's word on the city's mail: the configuration set's event destination publishes bounces and
// complaints to an SNS topic, which invokes this handler (locally, the same handler is fed the same
// notifications: see README "Badge emails"). A permanent bounce or a complaint suppresses the recipient
// key, so the city sends that address nothing more; a transient bounce (a full mailbox) does not. The
// addresses in the notification are used only to compute recipient keys and are never logged.
import type { Context, SNSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../http/logger';
import { suppressAddresses } from '../services/mail-preferences';

const recipients = z.array(z.object({ emailAddress: z.string() }));

/** SES event publishing (`eventType`) and identity notifications (`notificationType`) carry the same parts. */
export const SesNotificationSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: recipients })),
  complaint: z.optional(z.object({ complainedRecipients: recipients })),
});
export type SesNotification = z.infer<typeof SesNotificationSchema>;

/** What the notification asks for: which addresses to suppress, and why; nothing for anything else. */
export function suppressionOf(notification: SesNotification): { reason: 'bounce' | 'complaint'; addresses: string[] } | undefined {
  const kind = notification.eventType ?? notification.notificationType;
  if (kind === 'Bounce' && notification.bounce?.bounceType === 'Permanent') {
    return { reason: 'bounce', addresses: notification.bounce.bouncedRecipients.map((r) => r.emailAddress) };
  }
  if (kind === 'Complaint' && notification.complaint) {
    return { reason: 'complaint', addresses: notification.complaint.complainedRecipients.map((r) => r.emailAddress) };
  }
  return undefined;
}

/** Throws (so SNS retries) when a suppression cannot be stored; an unreadable message is dropped, as it never will be readable. */
export async function handler(event: SNSEvent, context: Context): Promise<void> {
  logger.addContext(context);
  for (const record of event.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      message = undefined;
    }
    const parsed = SesNotificationSchema.safeParse(message);
    if (!parsed.success) {
      logger.warn('unreadable SES notification dropped', { messageId: record.Sns.MessageId });
      continue;
    }
    const suppression = suppressionOf(parsed.data);
    if (!suppression) continue;
    const count = await suppressAddresses(suppression.addresses, suppression.reason, new Date());
    logger.info('recipients suppressed', { reason: suppression.reason, count, messageId: record.Sns.MessageId });
  }
}

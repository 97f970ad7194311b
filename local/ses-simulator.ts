// SES's mailbox simulator on the local city. In AWS, mail to the simulator's `bounce` or `complaint`
// address (labels allowed: `bounce+anything@…`, as SES documents) is accepted, then SES publishes a
// permanent bounce or a complaint through the configuration set's event destination to an SNS topic,
// which invokes the MailEvents function (lib/constructs/mail-events.ts). Locally there is no SNS: this
// module watches what the local SES accepts (local/mail.ts) and, for a mail sent through the city's
// configuration set to such an address, hands the MailEvents function the same SNS event, in its own
// thread with its own grants (local/city.ts), retried twice on failure as Lambda retries an SNS
// (asynchronous) invocation. Every other address is delivered as before and nothing is published,
// as SES publishes no bounce or complaint for them.
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import type { SentMail } from './mail';
import type { RunningService } from './services';

/** SES's mailbox simulator domain (Amazon SES Developer Guide, "Using the mailbox simulator"). */
export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export type SimulatedEvent = 'Bounce' | 'Complaint';

const LOCAL_PARTS: Record<string, SimulatedEvent> = { bounce: 'Bounce', complaint: 'Complaint' };

/** What SES's simulator does with mail to `address`: a bounce, a complaint, or nothing to report. */
export function simulatedEvent(address: string): SimulatedEvent | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== SIMULATOR_DOMAIN) return undefined;
  return LOCAL_PARTS[address.slice(0, at).split('+')[0]!.toLowerCase()];
}

/** The account and region the local city's ARNs name (the local credentials are fixed, as its region is). */
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/**
 * The message SES event publishing sends to SNS for one recipient (the "eventType" form an event
 * destination publishes, not the identity notifications' "notificationType"), with what the
 * simulator reports: a permanent, general bounce (550 5.1.1), or an abuse complaint.
 */
export function sesEventMessage(event: SimulatedEvent, recipient: string, mail: SentMail, at: Date): Record<string, unknown> {
  const timestamp = at.toISOString();
  const feedbackId = randomUUID();
  const tags: Record<string, string[]> = Object.fromEntries(mail.tags.map((tag) => [tag.name, [tag.value]]));
  if (mail.configurationSet) tags['ses:configuration-set'] = [mail.configurationSet];
  const published = {
    eventType: event,
    mail: {
      timestamp: mail.sentAt.toISOString(),
      source: mail.from,
      sendingAccountId: ACCOUNT,
      messageId: mail.messageId,
      destination: mail.to,
      headersTruncated: false,
      tags,
    },
  };
  return event === 'Bounce'
    ? {
        ...published,
        bounce: {
          feedbackId,
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
          timestamp,
        },
      }
    : {
        ...published,
        complaint: { feedbackId, complainedRecipients: [{ emailAddress: recipient }], timestamp, arrivalDate: timestamp, complaintFeedbackType: 'abuse', userAgent: 'Amazon SES Mailbox Simulator' },
      };
}

/** The event SNS invokes a subscribed Lambda function with, carrying one message. */
export function snsEvent(topicArn: string, message: Record<string, unknown>, at: Date): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          Timestamp: at.toISOString(),
          // Locally nothing is signed and there is nothing to unsubscribe from; the handler reads neither.
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

export interface SimulatorOptions {
  /** The city's configuration set: only mail sent through it has the event destination. */
  configurationSet: string;
  /** Invokes the MailEvents function with an SNS event. */
  deliver: (event: SNSEvent) => Promise<unknown>;
  onError: (error: unknown) => void;
}

/** Lambda's asynchronous invocation (SNS's) tries twice more after a failure. */
const ATTEMPTS = 3;

/** Publishes the simulator's bounces and complaints for every mail the local SES accepts; `stop` waits for those under way. */
export function startMailboxSimulator(watch: (listener: (mail: SentMail) => void) => void, options: SimulatorOptions): RunningService {
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${options.configurationSet}-events`;
  const inFlight = new Set<Promise<void>>();
  const publish = async (event: SNSEvent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.deliver(event);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
      }
    }
  };
  watch((mail) => {
    if (mail.configurationSet !== options.configurationSet) return;
    for (const recipient of mail.to) {
      const event = simulatedEvent(recipient);
      if (!event) continue;
      const now = new Date();
      const published: Promise<void> = publish(snsEvent(topicArn, sesEventMessage(event, recipient, mail, now), now))
        .catch(options.onError)
        .finally(() => inFlight.delete(published));
      inFlight.add(published);
    }
  });
  return { stop: async () => void (await Promise.all(inFlight)) };
}

// SES's mailbox simulator on the local city (local/ses-simulator.ts): which addresses bounce or
// complain (labels too, any case; nothing else), that the SNS event it publishes is the one the
// MailEvents handler reads, with that function's own grants, and suppresses the address (a bounce:
// permanent), that only mail through the city's configuration set publishes, and that a failed
// delivery is tried twice more, as Lambda retries an SNS invocation, then reported.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import type { Context, SNSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { otherFunctionGrants } from '../../definitions/function-grants';
import { MAIL_EVENTS_ENTRY } from '../../definitions/mail';
import { recipientKey } from '../../functions/services/recipients';
import type { SentMail } from '../../local/mail';
import { sesEventMessage, simulatedEvent, snsEvent, startMailboxSimulator } from '../../local/ses-simulator';
import { context } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { loadFunction } from '../support/function-env';

const aws = new FakeAws();
const mailEvents = (await loadFunction<{ handler: (event: SNSEvent, ctx: Context) => Promise<void> }>(MAIL_EVENTS_ENTRY, otherFunctionGrants.mailEvents)).handler;
const SET = 'city-demo-mail';
const sent = (to: string[], configurationSet = SET): SentMail => ({
  messageId: 'local-message-1',
  from: 'no-reply@demo.invalid',
  to,
  ...(configurationSet ? { configurationSet } : {}),
  tags: [{ name: 'purpose', value: 'award' }],
  sentAt: new Date(),
});

describe("SES's mailbox simulator, locally", () => {
  it('bounces and complains for the simulator’s addresses only, labels and case aside', () => {
    expect(simulatedEvent('bounce@simulator.amazonses.com')).toBe('Bounce');
    expect(simulatedEvent('Bounce+run-7@Simulator.AmazonSES.com')).toBe('Bounce');
    expect(simulatedEvent('complaint+x@simulator.amazonses.com')).toBe('Complaint');
    for (const quiet of ['success@simulator.amazonses.com', 'ooto@simulator.amazonses.com', 'bounce@example.org', 'bounced@simulator.amazonses.com', 'simulator.amazonses.com']) {
      expect(simulatedEvent(quiet)).toBeUndefined();
    }
  });

  it("publishes what the MailEvents handler reads: a permanent bounce and a complaint suppress the address", async () => {
    const bounced = 'bounce+one@simulator.amazonses.com';
    const complained = 'complaint+one@simulator.amazonses.com';
    for (const [event, address] of [['Bounce', bounced], ['Complaint', complained]] as const) {
      const message = sesEventMessage(event, address, sent([address]), new Date());
      expect(message).toMatchObject({ eventType: event, mail: { messageId: 'local-message-1', destination: [address], tags: { purpose: ['award'], 'ses:configuration-set': [SET] } } });
      await mailEvents(snsEvent(`arn:aws:sns:us-east-1:000000000000:${SET}-events`, message, new Date()), context);
    }
    expect(aws.itemsUnder('MAILTO#').map((item) => [item.pk, item.sk, item.reason])).toEqual(
      expect.arrayContaining([
        [`MAILTO#${await recipientKey(bounced)}`, 'SUPPRESSED', 'bounce'],
        [`MAILTO#${await recipientKey(complained)}`, 'SUPPRESSED', 'complaint'],
      ]),
    );
  });

  it('publishes for mail through the city’s configuration set only, one event per simulated recipient', async () => {
    let listener: ((mail: SentMail) => void) | undefined;
    const delivered: SNSEvent[] = [];
    const simulator = startMailboxSimulator((l) => void (listener = l), { configurationSet: SET, deliver: async (event) => void delivered.push(event), onError: () => undefined });
    listener!(sent(['bounce@simulator.amazonses.com'], ''));
    listener!(sent(['bounce@simulator.amazonses.com'], 'another-set'));
    listener!(sent(['learner@example.org', 'success@simulator.amazonses.com']));
    listener!(sent(['bounce+a@simulator.amazonses.com', 'complaint+a@simulator.amazonses.com', 'learner@example.org']));
    await simulator.stop();
    expect(delivered.map((event) => JSON.parse(event.Records[0]!.Sns.Message).eventType)).toEqual(['Bounce', 'Complaint']);
  });

  it('tries a failed delivery twice more, then reports it; stop waits for deliveries under way', async () => {
    let listener: ((mail: SentMail) => void) | undefined;
    const errors: unknown[] = [];
    let calls = 0;
    const failing = (times: number) => async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (calls <= times) throw new Error(`delivery ${calls} failed`);
    };
    let simulator = startMailboxSimulator((l) => void (listener = l), { configurationSet: SET, deliver: failing(2), onError: (error) => errors.push(error) });
    listener!(sent(['bounce@simulator.amazonses.com']));
    await simulator.stop();
    expect([calls, errors]).toEqual([3, []]);

    calls = 0;
    simulator = startMailboxSimulator((l) => void (listener = l), { configurationSet: SET, deliver: failing(3), onError: (error) => errors.push(error) });
    listener!(sent(['bounce@simulator.amazonses.com']));
    await simulator.stop();
    expect(calls).toBe(3);
    expect(errors.map((error) => (error as Error).message)).toEqual(['delivery 3 failed']);
  });
});

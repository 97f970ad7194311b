// Telling learners, against the in-memory table: the award's own transaction writes the outbox item
// (the address sealed, never in clear), or nothing when the provider switched emails off; a delivery
// sends once however often it is redelivered, keeps the outbox when the sender fails (a retry sends),
// and sends nothing to a learner who unsubscribed or whose address bounced; add-to-passport links
// are single use; unsubscribe links are checked; SES bounces and complaints suppress.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import type { DynamoDBStreamEvent, SNSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getPassportLink, spendPassportLink } from '../../functions/data/notifications';
import type { Principal } from '../../functions/domain/api-keys';
import { passportTokenHash } from '../../functions/domain/mail/links';
import type { OutgoingMail } from '../../functions/mail/send';
import { handler as mailEvents } from '../../functions/mail-events/handler';
import { handler as mailPreferences } from '../../functions/mail-preferences/handler';
import { handler as notifications } from '../../functions/notifications/consumer';
import { deliverAwardEmail } from '../../functions/services/award-emails';
import { issueAward, issueBatch } from '../../functions/services/awarding';
import { recipientKey } from '../../functions/services/recipients';
import { badgeClass, CLASS_ID, classSvg, provider } from '../support/award-fixtures';
import { context, httpEvent } from '../support/events';
import { FakeAws } from '../support/fake-aws';

const aws = new FakeAws();
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'p' };
const now = new Date();
const put = (value: Record<string, unknown>) => aws.items.set(`${String(value.pk)}\u0000${String(value.sk)}`, value);
const items = (prefix: string) => [...aws.items.values()].filter((i) => String(i.pk).startsWith(prefix));
const request = (email: string, extra: Record<string, unknown> = {}) => ({ recipient: { email }, evidence: [], ...extra });

/** A mail sender that records what it was given. */
function mailbox() {
  const sent: { to: string; message: OutgoingMail }[] = [];
  return { sent, send: async (mail: OutgoingMail) => void sent.push({ to: mail.to, message: mail }) };
}
const linkIn = (message: OutgoingMail, path: string) => new URL(new RegExp(`https?://\\S+${path.replace('/', '\\/')}\\S*`).exec(message.text)![0]);

beforeEach(() => {
  aws.clearFaults();
  aws.items.clear();
  aws.objects.clear();
  aws.mails.length = 0;
  put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass });
  put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'VERSION#000001', ...badgeClass });
  put({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putObject(badgeClass.image.key, Buffer.from(classSvg));
});

describe('the award writes its email', () => {
  it('puts the outbox item in the award’s own transaction, the address sealed', async () => {
    const award = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const [outbox] = items('OUTBOX#');
    expect(outbox).toMatchObject({ awardId: award.id, providerId: 'central-library', recipientKey: await recipientKey('ana@example.org') });
    expect(outbox!.expiresAt).toBeGreaterThan(now.getTime() / 1000);
    expect(JSON.stringify([...aws.items.values()])).not.toContain('ana@example.org');
  });

  it('writes neither the award nor its email when the transaction fails', async () => {
    aws.fail('TransactWriteItems', { times: 99 });
    await expect(issueAward(CLASS_ID, request('ana@example.org'), principal, { now })).rejects.toThrow();
    expect(items('AWARD#')).toEqual([]);
    expect(items('OUTBOX#')).toEqual([]);
  });

  it('writes no email when the request, the batch or the import says notify: false', async () => {
    await issueAward(CLASS_ID, request('ana@example.org', { notify: false }), principal, { now });
    await issueBatch(CLASS_ID, [request('ben@example.org'), request('cat@example.org')], principal, { now, remainingMs: () => 60_000, notify: false });
    await issueBatch(CLASS_ID, [request('dan@example.org', { notify: false }), request('eve@example.org')], principal, { now, remainingMs: () => 60_000 });
    expect(items('AWARD#')).toHaveLength(5);
    expect(items('OUTBOX#').map((o) => o.recipientKey)).toEqual([await recipientKey('eve@example.org')]);
  });
});

describe('delivering an award email', () => {
  it('sends what was earned, from whom, with the badge, passport and unsubscribe links, once however often it is redelivered', async () => {
    const award = await issueAward(CLASS_ID, request('Ana@Example.org'), principal, { now });
    const { sent, send } = mailbox();
    expect(await deliverAwardEmail(award.id, send, now)).toBe('sent');
    expect(await deliverAwardEmail(award.id, send, now)).toBe('already-sent');
    expect(sent).toHaveLength(1);
    const { to, message } = sent[0]!;
    expect(to).toBe('Ana@Example.org');
    expect(message.subject).toContain('Code Club');
    expect(message.text).toContain('Central Library');
    expect(message.text).toContain(`/badges/${award.id}`);
    expect(message.purpose).toBe('award');
    expect(message.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(message.headers!['List-Unsubscribe']).toMatch(/^<http.*\/unsubscribe\?token=.+>$/);
    expect(items('OUTBOX#')).toEqual([]);
    // The passport link's token is stored only hashed, bound to the award and the learner.
    const token = linkIn(message, '/passport/add').searchParams.get('token')!;
    expect(JSON.stringify([...aws.items.values()])).not.toContain(token);
    expect(await getPassportLink(passportTokenHash(token), now)).toMatchObject({ awardId: award.id, recipientKey: await recipientKey('ana@example.org') });
  });

  it('keeps the email when the sender fails, and the retry sends it', async () => {
    const award = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    await expect(deliverAwardEmail(award.id, async () => Promise.reject(new Error('SES throttled')), now)).rejects.toThrow('SES throttled');
    expect(items('OUTBOX#')).toHaveLength(1);
    const { sent, send } = mailbox();
    expect(await deliverAwardEmail(award.id, send, now)).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('sends again, rather than never, when it stops between sending and deleting the outbox item', async () => {
    const award = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const { sent, send } = mailbox();
    const stop = aws.inject(({ command, input }) => (command === 'DeleteItem' && String(input.Key?.pk).startsWith('OUTBOX#') ? new Error('crashed') : undefined));
    await expect(deliverAwardEmail(award.id, send, now)).rejects.toThrow('crashed');
    stop();
    await deliverAwardEmail(award.id, send, now);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing to a learner who unsubscribed from the provider, or whose address bounced, and drops the address', async () => {
    const first = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const { sent, send } = mailbox();
    await deliverAwardEmail(first.id, send, now);
    const unsubscribe = linkIn(sent[0]!.message, '/unsubscribe');
    const query = { token: unsubscribe.searchParams.get('token')! };
    // The page asks first and changes nothing; the form's POST (or a one-click POST) unsubscribes.
    expect((await mailPreferences(httpEvent({ path: '/unsubscribe', query, headers: { accept: 'text/html' } }), context)).statusCode).toBe(200);
    expect(items('MAILTO#')).toEqual([]);
    const done = await mailPreferences(httpEvent({ method: 'POST', path: '/unsubscribe', query }), context);
    expect(JSON.parse(done.body!)).toEqual({ unsubscribed: true, provider: 'Central Library' });

    put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass, repeatable: true });
    const second = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    expect(await deliverAwardEmail(second.id, send, now)).toBe('unsubscribed');

    await bounce('Permanent', 'ben@example.org');
    const third = await issueAward(CLASS_ID, request('ben@example.org'), principal, { now });
    expect(await deliverAwardEmail(third.id, send, now)).toBe('suppressed');
    expect(sent).toHaveLength(1);
    expect(items('OUTBOX#')).toEqual([]);
  });

  it('answers a link the city did not sign with 404, and changes nothing', async () => {
    const reply = await mailPreferences(httpEvent({ method: 'POST', path: '/unsubscribe', query: { token: 'eyJ4Ijp0cnVlfQ.c2lnbmF0dXJl' } }), context);
    expect(reply.statusCode).toBe(404);
    expect(items('MAILTO#')).toEqual([]);
  });
});

describe('the notifications consumer', () => {
  it('sends the email of each outbox record through SES once, however often the batch is delivered, with the unsubscribe headers', async () => {
    const mark = aws.streamMark();
    const award = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const records = aws.streamRecords(mark, 'OUTBOX#');
    expect(records.map((r) => r.eventName)).toEqual(['INSERT']);
    const event = { Records: records } as DynamoDBStreamEvent;
    expect(await notifications(event, context)).toEqual({ batchItemFailures: [] });
    expect(await notifications(event, context)).toEqual({ batchItemFailures: [] });
    expect(aws.mailTo('ana@example.org')).toHaveLength(1);
    const [sent] = aws.mails;
    expect(sent!.Content!.Simple!.Headers).toEqual(expect.arrayContaining([{ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' }]));
    expect(aws.mailTo('ana@example.org')[0]!.text).toContain(`/badges/${award.id}`);
    // The outbox item's own deletion is a record too: not an email.
    const deletion = aws.streamRecords(mark, 'OUTBOX#').filter((r) => r.eventName === 'REMOVE');
    expect(deletion).toHaveLength(1);
  });

  it('reports the record failed when SES refuses, and its retry sends it', async () => {
    const mark = aws.streamMark();
    await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const event = { Records: aws.streamRecords(mark, 'OUTBOX#') } as DynamoDBStreamEvent;
    aws.fail('SendEmail', { nth: 1 });
    await expect(notifications(event, context)).rejects.toThrow();
    expect(items('OUTBOX#')).toHaveLength(1);
    expect(await notifications(event, context)).toEqual({ batchItemFailures: [] });
    expect(aws.mailTo('ana@example.org')).toHaveLength(1);
  });
});

describe('add-to-passport links', () => {
  it('are spent once: of two uses at once exactly one gets the link; an expired one is nothing', async () => {
    const award = await issueAward(CLASS_ID, request('ana@example.org'), principal, { now });
    const { sent, send } = mailbox();
    await deliverAwardEmail(award.id, send, now);
    const hash = passportTokenHash(linkIn(sent[0]!.message, '/passport/add').searchParams.get('token')!);
    const later = new Date(now.getTime() + 31 * 86_400_000);
    expect(await spendPassportLink(hash, later)).toBeUndefined();
    const uses = await Promise.all([spendPassportLink(hash, now), spendPassportLink(hash, now)]);
    expect(uses.filter(Boolean)).toEqual([expect.objectContaining({ awardId: award.id })]);
    expect(await spendPassportLink(hash, now)).toBeUndefined();
  });
});

const snsEvent = (message: unknown): SNSEvent => ({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn', Sns: { Message: JSON.stringify(message), MessageId: 'm-1' } as SNSEvent['Records'][number]['Sns'] }] });
const bounce = (bounceType: string, emailAddress: string) => mailEvents(snsEvent({ eventType: 'Bounce', bounce: { bounceType, bouncedRecipients: [{ emailAddress }] } }), context);

describe('SES bounces and complaints', () => {
  it('suppress the recipient key on a permanent bounce or a complaint, not on a transient bounce', async () => {
    await bounce('Transient', 'full@example.org');
    expect(items('MAILTO#')).toEqual([]);
    await bounce('Permanent', 'gone@example.org');
    await mailEvents(snsEvent({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'Angry@example.org' }] } }), context);
    await mailEvents({ Records: [{ ...snsEvent({}).Records[0]!, Sns: { ...snsEvent({}).Records[0]!.Sns, Message: 'not json' } }] }, context);
    expect(items('MAILTO#').map((i) => [i.pk, i.reason])).toEqual([
      [`MAILTO#${await recipientKey('gone@example.org')}`, 'bounce'],
      [`MAILTO#${await recipientKey('angry@example.org')}`, 'complaint'],
    ]);
    const stored = JSON.stringify([...aws.items.values()]).toLowerCase();
    for (const address of ['gone@example.org', 'angry@example.org']) expect(stored).not.toContain(address);
  });
});

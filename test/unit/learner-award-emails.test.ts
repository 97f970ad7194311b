// The badge emails of the awards no provider makes by request, against the in-memory table: a milestone
// (awarded by the milestone consumer, naming the learner by hash only) is told at the address the
// learner verified in their passport for that recipient key, and a claim at the claimant's sign-in
// address; in both the outbox item is written in the award's own transaction, and the notifications
// consumer sends each email once, however often a batch is delivered or wherever it fails half-way.
// No passport (or an account that cannot act yet): no email. A learner who unsubscribed from the
// provider is sent nothing, exactly as for a provider's award. Each consumer and the claims group run
// with their own grants.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consumerGrants } from '../../definitions/function-grants';
import { streamConsumers } from '../../definitions/consumers';
import { addAddress } from '../../functions/data/learners';
import { putUnsubscribe } from '../../functions/data/notifications';
import type { Principal } from '../../functions/domain/api-keys';
import type { Award } from '../../functions/domain/awards';
import { createClaimSet } from '../../functions/services/claim-codes';
import { awardOnce } from '../../functions/services/awarding';
import { getBadgeClass } from '../../functions/data/badge-classes';
import { getProvider } from '../../functions/data/providers';
import { sealAddress } from '../../functions/services/learner-addresses';
import { recipientKey } from '../../functions/services/recipients';
import { context } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { groupGrants } from '../../definitions/function-grants';
import { loadFunction } from '../support/function-env';
import { unitLearner, type UnitLearner } from '../support/learners';
import { deliver, MILESTONE_CLASS, publishRule, seedClasses, STEP_CLASSES, type StreamHandler } from '../support/milestone-fixtures';
import { learnerEvent } from '../support/passport-learners';

const aws = new FakeAws();
const [A, B] = STEP_CLASSES;
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'p' };
type HttpHandler = (event: ReturnType<typeof learnerEvent>, ctx: typeof context) => Promise<{ statusCode: number; body?: string }>;

const milestonesConsumer = (await loadFunction<{ handler: StreamHandler }>(streamConsumers.milestones.entry, consumerGrants(streamConsumers.milestones))).handler;
const notificationsConsumer = (await loadFunction<{ handler: StreamHandler }>(streamConsumers.notifications.entry, consumerGrants(streamConsumers.notifications))).handler;
const claims = (await loadFunction<{ handler: HttpHandler }>('functions/claims/handler.ts', groupGrants('claims'))).handler;

/** A step awarded by its provider without an email, so that only the milestone's is in the outbox. */
async function step(badgeClassId: string, email: string): Promise<Award> {
  const badgeClass = (await getBadgeClass(badgeClassId))!;
  const provider = (await getProvider(badgeClass.issuerId))!;
  const outcome = await awardOnce({ badgeClass, provider }, { recipient: { email }, evidence: [], notify: false }, await recipientKey(email), { now: new Date() });
  if (outcome.status !== 'created' || !outcome.award) throw new Error(`not awarded: ${JSON.stringify(outcome)}`);
  return outcome.award;
}

/** A signed-in learner whose passport holds `email`, verified and sealed as the sign-in keeps it. */
async function passportHolder(email: string, status: 'active' | 'awaiting-consent' = 'active'): Promise<UnitLearner> {
  const learner = await unitLearner({ status, ageBand: status === 'active' ? '18-24' : 'under-13' });
  const key = await recipientKey(email);
  await addAddress(learner.account.id, { recipientKey: key, sealedEmail: await sealAddress(email, key), verifiedAt: new Date().toISOString(), signIn: true });
  return learner;
}

const milestoneOf = async (email: string) => {
  const key = await recipientKey(email);
  return aws.itemsUnder('AWARD#').find((a) => a.badgeClassId === MILESTONE_CLASS && a.gsi3pk === `RECIPIENT#${key}`);
};
const outbox = () => aws.itemsUnder('OUTBOX#');

/** Both steps earned and their holder records handed to the milestone consumer; answers the outbox records written meanwhile. */
async function completePathway(email: string): Promise<DynamoDBRecord[]> {
  const mark = aws.streamMark();
  await step(A, email);
  await step(B, email);
  expect(await deliver(milestonesConsumer, aws.streamRecords(mark, 'HOLDER#'))).toEqual({ batchItemFailures: [] });
  return aws.streamRecords(mark, 'OUTBOX#');
}

beforeEach(() => {
  aws.items.clear();
  aws.objects.clear();
  aws.clearFaults();
  aws.mails.length = 0;
  seedClasses(aws);
  publishRule(aws, 'pathwayaaaaaaaaa', { type: 'group', of: [{ type: 'badge-class', badgeClassId: A }, { type: 'badge-class', badgeClassId: B }] });
});

describe('a milestone badge’s email', { timeout: 60_000 }, () => {
  it('is written with the milestone award, the passport address sealed, and sent once however often the batch is delivered', async () => {
    const email = 'Ana@Example.org';
    await passportHolder(email);
    const records = await completePathway(email);
    const milestone = await milestoneOf(email);
    expect(milestone).toBeDefined();
    expect(outbox()).toEqual([expect.objectContaining({ awardId: milestone!.id, providerId: 'central-library', recipientKey: await recipientKey(email) })]);
    expect(JSON.stringify([...aws.items.values()]).toLowerCase()).not.toContain('ana@example.org');

    expect(await deliver(notificationsConsumer, records)).toEqual({ batchItemFailures: [] });
    expect(await deliver(notificationsConsumer, records)).toEqual({ batchItemFailures: [] });
    const mails = aws.mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Pathway complete');
    expect(mails[0]!.text).toContain(`/badges/${String(milestone!.id)}`);
    expect(mails[0]!.text).toContain('/passport/add?token=');
    expect(outbox()).toEqual([]);
  });

  it('a replayed holder batch writes one milestone and one email', async () => {
    const email = 'sam@example.org';
    await passportHolder(email);
    const mark = aws.streamMark();
    await step(A, email);
    await step(B, email);
    const holders = aws.streamRecords(mark, 'HOLDER#');
    await Promise.all([deliver(milestonesConsumer, holders), deliver(milestonesConsumer, holders)]);
    await deliver(milestonesConsumer, holders);
    const records = aws.streamRecords(mark, 'OUTBOX#').filter((r) => r.eventName === 'INSERT');
    expect(records).toHaveLength(1);
    await deliver(notificationsConsumer, records);
    await deliver(notificationsConsumer, records);
    expect(aws.mailTo(email)).toHaveLength(1);
  });

  it('a failed milestone write leaves neither the award nor its email; the redelivery writes both once', async () => {
    const email = 'kim@example.org';
    await passportHolder(email);
    const mark = aws.streamMark();
    await step(A, email);
    await step(B, email);
    const holders = aws.streamRecords(mark, 'HOLDER#');
    aws.fail('TransactWriteItems', { times: 1, when: (input) => JSON.stringify(input).includes(`HOLDER#${MILESTONE_CLASS}#`) });
    // Both steps are held when the first record is read, so it is the one that fails, with the record after it: the whole batch.
    await expect(deliver(milestonesConsumer, holders)).rejects.toThrow('All records failed');
    expect(await milestoneOf(email)).toBeUndefined();
    expect(outbox()).toEqual([]);
    expect(await deliver(milestonesConsumer, holders)).toEqual({ batchItemFailures: [] });
    expect(outbox()).toHaveLength(1);
    await deliver(notificationsConsumer, aws.streamRecords(mark, 'OUTBOX#'));
    expect(aws.mailTo(email)).toHaveLength(1);
  });

  it('a batch of emails that fails half-way sends each email once after its redelivery', async () => {
    const emails = ['x1@example.org', 'x2@example.org', 'x3@example.org'];
    const mark = aws.streamMark();
    for (const email of emails) {
      await passportHolder(email);
      await completePathway(email);
    }
    const records = aws.streamRecords(mark, 'OUTBOX#');
    expect(records).toHaveLength(3);
    // SES refuses the second email: it and the records after it are reported failed (or the batch throws), and delivered again.
    aws.fail('SendEmail', { nth: 2 });
    const first = await deliver(notificationsConsumer, records).catch(() => ({ batchItemFailures: records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) }));
    expect(first.batchItemFailures.length).toBeGreaterThan(0);
    expect(aws.mailTo(emails[1]!)).toHaveLength(0);
    const failed = new Set(first.batchItemFailures.map((f) => f.itemIdentifier));
    expect(await deliver(notificationsConsumer, records.filter((r) => failed.has(r.dynamodb!.SequenceNumber!)))).toEqual({ batchItemFailures: [] });
    // And the whole batch once more, as a replay: nothing is sent twice.
    expect(await deliver(notificationsConsumer, records)).toEqual({ batchItemFailures: [] });
    for (const email of emails) expect(aws.mailTo(email)).toHaveLength(1);
  });

  it('is not written when no passport holds the address, or the account cannot act yet', async () => {
    await completePathway('nopassport@example.org');
    await passportHolder('waiting@example.org', 'awaiting-consent');
    await completePathway('waiting@example.org');
    expect(await milestoneOf('nopassport@example.org')).toBeDefined();
    expect(await milestoneOf('waiting@example.org')).toBeDefined();
    expect(outbox()).toEqual([]);
  });

  it('is not sent to a learner who unsubscribed from the provider’s badge emails; the address goes at once', async () => {
    const email = 'lee@example.org';
    await passportHolder(email);
    await putUnsubscribe(await recipientKey(email), 'central-library', new Date());
    const records = await completePathway(email);
    expect(outbox()).toHaveLength(1);
    await deliver(notificationsConsumer, records);
    expect(aws.mailTo(email)).toHaveLength(0);
    expect(outbox()).toEqual([]);
  });
});

describe('a claimed badge’s email', { timeout: 60_000 }, () => {
  it('is written with the claim’s award and sent once to the sign-in address; scanning again sends nothing more', async () => {
    const email = 'claimer@example.org';
    const learner = await passportHolder(email);
    const { codes } = await createClaimSet(A, { kind: 'shared', limit: 10, label: 'Open day', validUntil: new Date(Date.now() + 86_400_000).toISOString(), forGuardians: false }, principal, new Date());
    const mark = aws.streamMark();
    const claim = () => claims(learnerEvent({ method: 'POST', path: `/claim/${codes[0]}`, form: {} }, learner), context);
    expect((await claim()).statusCode).toBeLessThan(400);
    expect((await claim()).statusCode).toBeLessThan(400);
    const [award] = aws.itemsUnder('AWARD#').filter((a) => a.badgeClassId === A);
    expect(outbox()).toEqual([expect.objectContaining({ awardId: award!.id, recipientKey: await recipientKey(email) })]);
    const records = aws.streamRecords(mark, 'OUTBOX#');
    await deliver(notificationsConsumer, records);
    await deliver(notificationsConsumer, records);
    const mails = aws.mailTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/badges/${String(award!.id)}`);
  });

  it('is never written for a claim that failed: the redone claim writes it once', async () => {
    const email = 'retry@example.org';
    const learner = await passportHolder(email);
    const { codes } = await createClaimSet(A, { kind: 'list', count: 1, label: 'Open day', forGuardians: false }, principal, new Date());
    aws.fail('TransactWriteItems', { times: 1, when: (input) => JSON.stringify(input).includes('OUTBOX#') });
    const claim = () => claims(learnerEvent({ method: 'POST', path: `/claim/${codes[0]}`, form: {} }, learner), context);
    expect((await claim()).statusCode).toBeGreaterThanOrEqual(500);
    expect(outbox()).toEqual([]);
    expect((await claim()).statusCode).toBeLessThan(400);
    expect(outbox()).toHaveLength(1);
  });
});


// Milestone badges from the event stream, against the in-memory table: a learner who completes a rule
// gets its milestone badge once, baked and signed, naming them by the contributing award's hashed
// recipient and listing the contributing badges as evidence; a replayed batch, two contributing badges
// arriving at once and two pathways with one milestone each award it once; a revoked contributing badge
// leaves the milestone in place (the documented policy). Property: over random award and revocation
// sequences and random rules, the learner holds the milestone iff the rule held at some point, and at
// most once.
import { consumerGrants } from '../../definitions/function-grants';
import { streamConsumers } from '../../definitions/consumers';
await vi.hoisted(async () => {
  const { applyEnvironment } = await import('../support/function-env');
  const { consumerGrants: grants } = await import('../../definitions/function-grants');
  const { streamConsumers: consumers } = await import('../../definitions/consumers');
  applyEnvironment(grants(consumers.milestones));
});
import * as fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getAward, revokeAward } from '../../functions/data/awards';
import { getBadgeClass } from '../../functions/data/badge-classes';
import { getProvider } from '../../functions/data/providers';
import type { Award } from '../../functions/domain/awards';
import { evaluate, type Rule } from '../../functions/domain/pathway-rules';
import { handler } from '../../functions/milestones/consumer';
import { awardOnce } from '../../functions/services/awarding';
import { recipientKey } from '../../functions/services/recipients';
import { unbake } from '../../functions/domain/baking';
import { FakeAws } from '../support/fake-aws';
import { deliver, MILESTONE_CLASS, publishRule, seedClasses, STEP_CLASSES, type StreamHandler } from '../support/milestone-fixtures';

const aws = new FakeAws();
const consume = handler as unknown as StreamHandler;
const [A, B, C, D] = STEP_CLASSES;
const holderRecords = (mark: number) => aws.streamRecords(mark, 'HOLDER#');
const milestones = (key: string) => aws.itemsUnder('AWARD#').filter((a) => a.badgeClassId === MILESTONE_CLASS && a.gsi3pk === `RECIPIENT#${key}`);

async function award(badgeClassId: string, email: string, issuedOn?: string): Promise<Award> {
  const badgeClass = (await getBadgeClass(badgeClassId))!;
  const provider = (await getProvider(badgeClass.issuerId))!;
  const outcome = await awardOnce({ badgeClass, provider }, { recipient: { email }, evidence: [], ...(issuedOn ? { issuedOn } : {}) }, await recipientKey(email), { now: new Date() });
  if (outcome.status !== 'created' || !outcome.award) throw new Error(`not awarded: ${JSON.stringify(outcome)}`);
  return outcome.award;
}

beforeEach(() => {
  aws.items.clear();
  aws.objects.clear();
  aws.clearFaults();
  seedClasses(aws);
});

describe('a milestone badge, from the stream', { timeout: 60_000 }, () => {
  it('is awarded once the rule is met, naming the learner as the steps do, with the steps as evidence', async () => {
    publishRule(aws, 'pathwayaaaaaaaaa', { type: 'group', of: [{ type: 'badge-class', badgeClassId: A }, { type: 'badge-class', badgeClassId: B }] });
    const email = 'ana@example.org';
    const key = await recipientKey(email);
    let mark = aws.streamMark();
    const first = await award(A, email);
    expect(await deliver(consume, holderRecords(mark))).toEqual({ batchItemFailures: [] });
    expect(milestones(key)).toHaveLength(0);
    mark = aws.streamMark();
    const second = await award(B, email);
    expect(await deliver(consume, holderRecords(mark))).toEqual({ batchItemFailures: [] });
    const [milestone] = milestones(key);
    expect(milestone).toBeDefined();
    const stored = (await getAward(String(milestone!.id)))!;
    // The earner as the contributing award names them (the email is never stored).
    expect(stored.assertion.recipient).toEqual(first.assertion.recipient);
    const subject = (stored.credential as any).credentialSubject;
    expect(subject.identifier[0].identityHash).toBe((first.assertion.recipient as any).identity);
    const evidence = (stored.assertion as any).evidence.map((e: any) => e.id);
    expect(evidence).toEqual([first.id, second.id].map((id) => `${process.env.PUBLIC_BASE_URL}/badges/${id}`));
    expect((stored.credential as any).proof).toBeDefined();
    // Baked: the image carries the assertion.
    const image = aws.objects.get(stored.image.key)!.body;
    expect(JSON.parse(unbake(image).openbadges!).id).toBe((stored.assertion as any).id);
    // The learner holds the milestone class like any badge.
    expect(aws.getItem(`HOLDER#${MILESTONE_CLASS}#${key}`, 'HOLDER')?.awardId).toBe(stored.id);
  });

  it('a replayed batch, and contributing badges arriving at once, award it once', async () => {
    publishRule(aws, 'pathwayaaaaaaaaa', { type: 'group', required: 2, of: [A, B, C].map((badgeClassId) => ({ type: 'badge-class' as const, badgeClassId })) });
    const email = 'sam@example.org';
    const key = await recipientKey(email);
    const mark = aws.streamMark();
    await Promise.all([award(A, email), award(B, email), award(C, email)]);
    const records = holderRecords(mark);
    expect(records).toHaveLength(3);
    // Each record in a batch of its own, all at once (as from different shards), then the whole batch again.
    await Promise.all(records.map((record) => deliver(consume, [record])));
    const at = aws.mark();
    await deliver(consume, records);
    expect(aws.changedSince(at)).toBe('');
    expect(milestones(key)).toHaveLength(1);
  });

  it('two pathways with the same milestone award it once', async () => {
    publishRule(aws, 'pathwayaaaaaaaaa', { type: 'badge-class', badgeClassId: A });
    publishRule(aws, 'pathwaybbbbbbbbb', { type: 'group', of: [{ type: 'badge-class', badgeClassId: A }, { type: 'badge-class', badgeClassId: B }] });
    const email = 'lee@example.org';
    const mark = aws.streamMark();
    await award(A, email);
    await award(B, email);
    await deliver(consume, holderRecords(mark));
    expect(milestones(await recipientKey(email))).toHaveLength(1);
  });

  it('a storage failure half-way fails the record and the ones after it; the redelivery awards once', async () => {
    publishRule(aws, 'pathwayaaaaaaaaa', { type: 'badge-class', badgeClassId: A });
    const emails = ['x1@example.org', 'x2@example.org', 'x3@example.org'];
    const mark = aws.streamMark();
    for (const email of emails) await award(A, email);
    const records = holderRecords(mark);
    // The second learner's milestone write is throttled.
    const second = await recipientKey(emails[1]!);
    aws.fail('TransactWriteItems', { nth: 1, when: (input) => JSON.stringify(input).includes(`HOLDER#${MILESTONE_CLASS}#${second}`) });
    const answer = await deliver(consume, records);
    expect(answer.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.slice(1).map((r) => r.dynamodb!.SequenceNumber));
    await deliver(consume, records.slice(1));
    for (const email of emails) expect(milestones(await recipientKey(email))).toHaveLength(1);
  });

  it('stays when a contributing badge is revoked (the policy), and is not awarded twice when the step is earned again', async () => {
    publishRule(aws, 'pathwayaaaaaaaaa', { type: 'group', of: [{ type: 'badge-class', badgeClassId: A }, { type: 'badge-class', badgeClassId: B }] });
    const email = 'kim@example.org';
    const key = await recipientKey(email);
    let mark = aws.streamMark();
    const a = await award(A, email);
    await award(B, email);
    await deliver(consume, holderRecords(mark));
    const [milestone] = milestones(key);
    mark = aws.streamMark();
    await revokeAward(a, 'Issued by mistake', new Date());
    await award(A, email);
    await deliver(consume, holderRecords(mark));
    expect(milestones(key)).toEqual([milestone]);
    expect(milestones(key)[0]!.revoked).toBeUndefined();
  });

  it('ignores an award of a badge class that no rule names, with one index Query', async () => {
    const email = 'no@example.org';
    const mark = aws.streamMark();
    await award(D, email);
    let queries = 0;
    const stop = aws.inject(({ command }) => (command === 'Query' && queries++, undefined));
    await deliver(consume, holderRecords(mark));
    stop();
    expect(queries).toBe(1);
    expect(milestones(await recipientKey(email))).toHaveLength(0);
  });
});

// --- Property: held iff the rule held at some point, at most once -----------------------------------

const leaf = (badgeClassId: string): Rule => ({ type: 'badge-class', badgeClassId });
const ruleArb: fc.Arbitrary<Rule> = fc.shuffledSubarray([...STEP_CLASSES], { minLength: 1 }).chain((classes) =>
  fc.oneof(
    fc.constant<Rule>({ type: 'group', of: classes.map(leaf) }),
    fc.integer({ min: 1, max: classes.length }).map<Rule>((required) => ({ type: 'group', required, of: classes.map(leaf) })),
    fc.constant<Rule>({ type: 'group', order: 'required', of: classes.map(leaf) }),
    fc.constant<Rule>(
      classes.length >= 2 ? { type: 'group', of: [leaf(classes[0]!), { type: 'group', required: 1, of: classes.slice(1).map(leaf) }] } : leaf(classes[0]!),
    ),
  ),
);
const eventArb = fc.record({ kind: fc.constantFrom('award', 'award', 'revoke'), badgeClassId: fc.constantFrom(...STEP_CLASSES), replay: fc.boolean() });

describe('property: the milestone is held iff the rule held at some point, and at most once', () => {
  it('over random rules and award/revocation sequences, with replays', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 7 }), async (rule, events) => {
        aws.items.clear();
        aws.objects.clear();
        seedClasses(aws);
        publishRule(aws, 'pathwayaaaaaaaaa', rule);
        const email = 'prop@example.org';
        const key = await recipientKey(email);
        const held = new Map<string, Award>();
        const delivered: ReturnType<typeof holderRecords>[] = [];
        let metAtSomePoint = false;
        for (const [i, event] of events.entries()) {
          const mark = aws.streamMark();
          if (event.kind === 'award' && !held.has(event.badgeClassId)) {
            // Issued a day apart, in the order of the events, so that ordered rules have an order to check.
            held.set(event.badgeClassId, await award(event.badgeClassId, email, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
          } else if (event.kind === 'revoke' && held.has(event.badgeClassId)) {
            await revokeAward(held.get(event.badgeClassId)!, 'property test', new Date());
            held.delete(event.badgeClassId);
          }
          const records = holderRecords(mark);
          delivered.push(records);
          // A replay of an earlier batch, at the same time as this one.
          const replay = event.replay ? delivered[i % delivered.length]! : [];
          await Promise.all([deliver(consume, records), ...(replay.length ? [deliver(consume, replay)] : [])]);
          const holdings = [...held.values()].map((a) => ({ badgeClassId: a.badgeClassId, awardId: a.id, issuedOn: a.issuedOn, groups: [] }));
          metAtSomePoint ||= evaluate(rule, holdings).met;
        }
        expect(milestones(key)).toHaveLength(metAtSomePoint ? 1 : 0);
      }),
      { numRuns: 100 },
    );
  });
});

// Keeps the grants import honest: the consumer runs with exactly what definitions/consumers.ts gives it.
it('runs with the consumer’s own grants', () => {
  expect(consumerGrants(streamConsumers.milestones)).toEqual({ table: 'read-write', bucket: 'read-write', signs: true, citySecret: true });
});

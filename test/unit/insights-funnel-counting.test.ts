// The funnels' counts the insights consumer keeps, against the in-memory table: a claim code's use
// counts a claim of its badge class and its release takes it away; an award counts under its badge
// class, and again as a consenting learner's (a destination may count it), and its revocation takes
// both away; a batch delivered twice, or crashing half-way and delivered again, counts exactly once.
await vi.hoisted(async () => {
  const { applyEnvironment } = await import('../support/function-env');
  const { consumerGrants } = await import('../../definitions/function-grants');
  const { streamConsumers } = await import('../../definitions/consumers');
  applyEnvironment(consumerGrants(streamConsumers.insights));
});
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { claimCodeKeys, releaseClaimUse, reserveClaimUse } from '../../functions/data/claim-codes';
import { putInsightsConfig, readCounters } from '../../functions/data/insights';
import { learnerKeys } from '../../functions/data/learners';
import { cellKey, MEASURES, type Measure, type Period } from '../../functions/domain/insights';
import { handler } from '../../functions/insights/consumer';
import { syncSpine } from '../../functions/spine/service';
import { badgeClass, provider } from '../support/award-fixtures';
import { FakeAws } from '../support/fake-aws';
import { deliver, type StreamHandler } from '../support/milestone-fixtures';

const aws = new FakeAws();
const consume = handler as unknown as StreamHandler;
const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
const ROBOTS = 'rrrrrrrrrrrrrrrr';
const HASH = 'h'.repeat(64);
const at = new Date('2026-05-10T10:00:00Z');

const claims = async (period: Period) => (await readCounters(period)).get(cellKey({ measure: 'claims', dimension: 'badge', value: ROBOTS, area: 'unknown', age: 'unknown' })) ?? 0;
/** A measure of the class, over every area and age band. */
const byClass = async (measure: Measure, period: Period = 'ALL') =>
  [...(await readCounters(period))].filter(([key]) => key.startsWith(`${MEASURES[measure]}|badge|${ROBOTS}|`)).reduce((n, [, v]) => n + v, 0);

function consenting(id: string) {
  const key = id.padEnd(64, '0');
  aws.putItem({ ...learnerKeys.account(id), id, subjects: [], status: 'active', ageBand: '13-15', area: 'DC1', settings: { publicProfile: false, recommendations: false, nudges: false }, consents: [{ purpose: 'insights-area', textVersion: '2026-12-01', givenAt: '2026-01-01T00:00:00Z' }], createdAt: 'x', updatedAt: 'x' });
  aws.putItem({ ...learnerKeys.addressOwner(key), learnerId: id });
  return key;
}

let awards = 0;
function award(recipientKey: string) {
  const id = `award${String(++awards).padStart(21, 'f')}`;
  aws.putItem({ pk: `AWARD#${id}`, sk: 'AWARD', gsi3pk: `RECIPIENT#${recipientKey}`, id, badgeClassId: ROBOTS, issuerId: 'central-library', issuedOn: at.toISOString(), createdAt: at.toISOString() });
  return id;
}

beforeEach(async () => {
  aws.items.clear();
  aws.clearFaults();
  awards = 0;
  await syncSpine(demo.skillsSpine);
  await putInsightsConfig(demo.insights);
  aws.putItem({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putItem({ pk: `BADGECLASS#${ROBOTS}`, sk: 'CURRENT', ...badgeClass, id: ROBOTS });
  aws.putItem({ ...claimCodeKeys.code(HASH), uses: 0, usesPerCode: 100 });
});

describe('the funnels in the insights consumer', { timeout: 60_000 }, () => {
  it("counts a claim code's use as a claim of its class in every period, and its release takes it away", async () => {
    const mark = aws.streamMark();
    for (const who of ['a', 'b', 'c']) expect(await reserveClaimUse(HASH, who.repeat(64), at, { badgeClassId: ROBOTS })).toBe('reserved');
    await releaseClaimUse(HASH, 'c'.repeat(64));
    // The code's own item changes too (its uses): not a claim.
    expect(await deliver(consume, aws.streamRecords(mark, 'CLAIMCODE#'))).toEqual({ batchItemFailures: [] });
    expect([await claims('M2026-05'), await claims('Y2026'), await claims('ALL')]).toEqual([2, 2, 2]);
  });

  it('counts claims once however often, and however far, a batch got before it is delivered again', async () => {
    const mark = aws.streamMark();
    for (const who of ['a', 'b', 'c', 'd']) await reserveClaimUse(HASH, who.repeat(64), at, { badgeClassId: ROBOTS });
    const records = aws.streamRecords(mark, 'CLAIMCODE#');
    // The second claim's transaction crashes: the first is counted, the rest wait for the redelivery.
    aws.fail('TransactWriteItems', { nth: 2, error: Object.assign(new Error('crash'), { name: 'InternalServerError' }) });
    expect((await deliver(consume, records)).batchItemFailures.length).toBeGreaterThan(0);
    aws.clearFaults();
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    expect(await claims('ALL')).toBe(4);
  });

  it("counts an award under its class, and a consenting learner's once more; a revocation takes both away", async () => {
    const mark = aws.streamMark();
    const ana = consenting('anaaaaaaaaaaaaaa');
    const first = award(ana);
    award(ana);
    // No account: no consent, so never a destination reached.
    award('z'.repeat(64));
    const records = aws.streamRecords(mark, 'AWARD#');
    aws.fail('TransactWriteItems', { nth: 4, error: Object.assign(new Error('crash'), { name: 'InternalServerError' }) });
    expect((await deliver(consume, records)).batchItemFailures.length).toBeGreaterThan(0);
    aws.clearFaults();
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    expect([await byClass('awards'), await byClass('consentedAwards'), await byClass('awards', 'M2026-05')]).toEqual([3, 2, 3]);

    const revocation = aws.streamMark();
    aws.putItem({ ...aws.getItem(`AWARD#${first}`, 'AWARD')!, revoked: { at: '2026-06-01T00:00:00Z', reason: 'mistake' } });
    const revoked = aws.streamRecords(revocation, 'AWARD#');
    await deliver(consume, revoked);
    await deliver(consume, revoked);
    expect([await byClass('awards'), await byClass('consentedAwards')]).toEqual([2, 1]);
  });
});

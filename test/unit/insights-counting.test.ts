// The insights consumer against the in-memory table: awards, revocations and opportunity changes
// become exact counters, by skill, level, group, provider, kind, area and age band, in each period;
// a batch delivered twice, a crash half-way through a batch and awards of one learner arriving at once
// all leave the counts exact, and a revocation takes away exactly what its award added.
await vi.hoisted(async () => {
  const { applyEnvironment } = await import('../support/function-env');
  const { consumerGrants } = await import('../../definitions/function-grants');
  const { streamConsumers } = await import('../../definitions/consumers');
  applyEnvironment(consumerGrants(streamConsumers.insights));
});
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { insightsKeys, putInsightsConfig, readCounters } from '../../functions/data/insights';
import { learnerKeys } from '../../functions/data/learners';
import { cellKey, COUNTER_SHARDS, type Cell, type Period } from '../../functions/domain/insights';
import { handler } from '../../functions/insights/consumer';
import { syncSpine } from '../../functions/spine/service';
import { badgeClass, provider } from '../support/award-fixtures';
import { FakeAws } from '../support/fake-aws';
import { deliver, type StreamHandler } from '../support/milestone-fixtures';

const aws = new FakeAws();
const consume = handler as unknown as StreamHandler;
const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
const CODING = 'cccccccccccccccc';
const aligned = (skillId: string, level?: string) => ({ skillId, ...(level ? { level } : {}), targetName: skillId, targetUrl: `https://example.org/skills/${skillId}`, targetDescription: 'x', targetFramework: 'Demo', targetCode: skillId });
const TEAM = 'tttttttttttttttt';

function learner(id: string, ageBand: string, area?: string) {
  const consents = [
    { purpose: 'insights-age-band', textVersion: '2026-12-01', givenAt: '2026-01-01T00:00:00Z' },
    ...(area ? [{ purpose: 'insights-area', textVersion: '2026-12-01', givenAt: '2026-01-01T00:00:00Z' }] : []),
  ];
  const key = id.padEnd(64, '0');
  aws.putItem({ ...learnerKeys.account(id), id, subjects: [], status: 'active', ageBand, ...(area ? { area } : {}), settings: { publicProfile: false, recommendations: false, nudges: false }, consents, createdAt: 'x', updatedAt: 'x' });
  aws.putItem({ ...learnerKeys.addressOwner(key), learnerId: id });
  return key;
}

let awardCount = 0;
function award(classId: string, recipientKey: string, issuedOn = '2026-05-10T10:00:00Z') {
  const id = `award${String(++awardCount).padStart(21, 'a')}`;
  aws.putItem({ pk: `AWARD#${id}`, sk: 'AWARD', gsi3pk: `RECIPIENT#${recipientKey}`, id, badgeClassId: classId, issuerId: 'central-library', issuedOn, createdAt: issuedOn });
  return id;
}

const revoke = (id: string) => aws.putItem({ ...aws.getItem(`AWARD#${id}`, 'AWARD')!, revoked: { at: '2026-06-01T00:00:00Z', reason: 'mistake' } });

const count = (counts: Map<string, number>, cell: Cell) => counts.get(cellKey(cell)) ?? 0;
const cell = (measure: Cell['measure'], dimension: Cell['dimension'], value: string, area: string, age: Cell['age']): Cell => ({ measure, dimension, value, area, age });

let ana: string;
let ben: string;
let cat: string;

beforeEach(async () => {
  aws.items.clear();
  aws.clearFaults();
  awardCount = 0;
  await syncSpine(demo.skillsSpine);
  await putInsightsConfig(demo.insights);
  aws.putItem({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putItem({ pk: `BADGECLASS#${CODING}`, sk: 'CURRENT', ...badgeClass, id: CODING, alignments: [aligned('coding', 'builder'), aligned('digital-literacy')] });
  aws.putItem({ pk: `BADGECLASS#${TEAM}`, sk: 'CURRENT', ...badgeClass, id: TEAM, alignments: [aligned('teamwork')] });
  ana = learner('anaaaaaaaaaaaaaa', '13-15', 'DC1');
  ben = learner('benaaaaaaaaaaaaa', '13-15', 'DC1');
  cat = learner('cataaaaaaaaaaaaa', '18-24');
});

describe('the insights consumer', { timeout: 60_000 }, () => {
  it('counts awards and distinct learners by skill, level, group, provider, area and age band, in every period', async () => {
    const mark = aws.streamMark();
    award(CODING, ana);
    award(CODING, ana, '2026-06-02T10:00:00Z');
    award(CODING, ben);
    award(TEAM, cat);
    expect(await deliver(consume, aws.streamRecords(mark, 'AWARD#'))).toEqual({ batchItemFailures: [] });
    const may = await readCounters('M2026-05');
    expect(count(may, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(2);
    expect(count(may, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(2);
    expect(count(may, cell('awards', 'level', 'coding:builder', 'DEMO-CEN', '13-15'))).toBe(2);
    expect(count(may, cell('awards', 'group', 'digital', 'DEMO-CEN', '13-15'))).toBe(2);
    // One badge aligned to two digital skills is one award of the group.
    expect(count(may, cell('learners', 'group', 'digital', 'DEMO-CEN', '13-15'))).toBe(2);
    // No consent to the area: counted, but in no area.
    expect(count(may, cell('awards', 'skill', 'teamwork', 'unknown', '18-24'))).toBe(1);
    expect(count(may, cell('awards', 'provider', 'central-library', 'DEMO-CEN', '13-15'))).toBe(2);
    const year = await readCounters('Y2026');
    expect(count(year, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(3);
    // Ana earned it twice in the year: one learner.
    expect(count(year, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(2);
    expect(count(await readCounters('ALL'), cell('awards', 'total', 'all', 'unknown', '18-24'))).toBe(1);
  });

  it('a batch delivered twice counts once', async () => {
    const mark = aws.streamMark();
    award(CODING, ana);
    award(CODING, ben);
    const records = aws.streamRecords(mark, 'AWARD#');
    await deliver(consume, records);
    const first = await readCounters('ALL');
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    expect(await readCounters('ALL')).toEqual(first);
    expect(count(first, cell('awards', 'total', 'all', 'DEMO-CEN', '13-15'))).toBe(2);
  });

  it('a crash half-way through a batch loses nothing and repeats nothing on its redelivery', async () => {
    const mark = aws.streamMark();
    for (let i = 0; i < 5; i++) award(CODING, i % 2 ? ana : ben);
    const records = aws.streamRecords(mark, 'AWARD#');
    // The third transaction fails: the first award is counted, the second half-way.
    aws.fail('TransactWriteItems', { nth: 3, error: Object.assign(new Error('crash'), { name: 'InternalServerError' }) });
    const result = await deliver(consume, records);
    expect(result.batchItemFailures.length).toBeGreaterThan(0);
    aws.clearFaults();
    expect(await deliver(consume, records)).toEqual({ batchItemFailures: [] });
    const all = await readCounters('ALL');
    expect(count(all, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(5);
    expect(count(all, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(2);
  });

  it('awards of one learner handled at once count the learner once and every award', async () => {
    const mark = aws.streamMark();
    for (let i = 0; i < 12; i++) award(CODING, ana);
    // Each record its own invocation, all at once (as shards of the stream are handled in parallel).
    const results = await Promise.all(aws.streamRecords(mark, 'AWARD#').map((record) => deliver(consume, [record])));
    expect(results.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    const all = await readCounters('ALL');
    expect(count(all, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(12);
    expect(count(all, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(1);
  });

  it('a revocation takes away what its award added, and the learner with their last award', async () => {
    let mark = aws.streamMark();
    const first = award(CODING, ana);
    const second = award(CODING, ana);
    await deliver(consume, aws.streamRecords(mark, 'AWARD#'));
    // The learner moves after the award: the revocation still takes it from the area it was counted in.
    aws.putItem({ ...aws.getItem('LEARNER#anaaaaaaaaaaaaaa', 'ACCOUNT')!, area: 'DC5' });
    mark = aws.streamMark();
    revoke(first);
    await deliver(consume, aws.streamRecords(mark, 'AWARD#'));
    let all = await readCounters('ALL');
    expect(count(all, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(1);
    expect(count(all, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(1);
    mark = aws.streamMark();
    revoke(second);
    const records = aws.streamRecords(mark, 'AWARD#');
    await deliver(consume, records);
    await deliver(consume, records);
    all = await readCounters('ALL');
    expect(count(all, cell('awards', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(0);
    expect(count(all, cell('learners', 'skill', 'coding', 'DEMO-CEN', '13-15'))).toBe(0);
  });

  it('spreads a period over its shards, one counter item per cell and shard whatever the number of awards', async () => {
    const mark = aws.streamMark();
    for (let i = 0; i < 40; i++) award(TEAM, i % 2 ? ana : ben);
    await deliver(consume, aws.streamRecords(mark, 'AWARD#'));
    const shards = new Set(aws.itemsUnder('INSIGHTS#M2026-05#').map((item) => String(item.pk)));
    expect(shards.size).toBeGreaterThan(1);
    expect(shards.size).toBeLessThanOrEqual(COUNTER_SHARDS);
    const totalCells = aws.itemsUnder('INSIGHTS#M2026-05#').filter((item) => String(item.sk).startsWith('A|total|')).length;
    expect(totalCells).toBeLessThanOrEqual(COUNTER_SHARDS);
    expect(count(await readCounters('M2026-05' as Period), cell('awards', 'total', 'all', 'DEMO-CEN', '13-15'))).toBe(40);
    // The trend's read: only the cells under its prefixes, summed over the shards as a whole read.
    const trend = await readCounters('M2026-05' as Period, ['A|total|all|', 'L|total|all|']);
    expect([...trend.keys()].every((key) => /^[AL]\|total\|all\|/.test(key))).toBe(true);
    expect(count(trend, cell('awards', 'total', 'all', 'DEMO-CEN', '13-15'))).toBe(40);
    expect(count(trend, cell('learners', 'total', 'all', 'DEMO-CEN', '13-15'))).toBe(2);
  });

  it('counts listed opportunities as supply and employers’ as demand, and moves them with each change', async () => {
    const opportunity = {
      pk: 'OPPORTUNITY#oppaaaaaaaaaaaaa',
      sk: 'OPPORTUNITY',
      id: 'oppaaaaaaaaaaaaa',
      providerId: 'central-library',
      title: 'Junior developer apprenticeship',
      description: 'x',
      kind: 'apprenticeship',
      skills: [{ skillId: 'coding' }],
      badgeClassIds: [],
      ageRange: { min: 16, max: 24 },
      cost: { type: 'free' },
      schedule: { type: 'open', from: '2026-01-01', until: '2026-12-31' },
      place: { mode: 'in-person', venue: { name: 'Hub', streetAddress: '1 Road', locality: 'Demo', postcode: 'DC7 1EG', country: 'GB', latitude: 52.4869, longitude: -1.8612 } },
      accessibility: { supports: [] },
      capacity: { places: 12 },
      takePart: { justTurnUp: true },
      languages: ['en'],
      status: 'published',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-12-31T23:59:59Z',
      createdAt: 'x',
      updatedAt: 'x',
    };
    let mark = aws.streamMark();
    aws.putItem(opportunity);
    const records = aws.streamRecords(mark, 'OPPORTUNITY#');
    await deliver(consume, records);
    await deliver(consume, records);
    let now = await readCounters('NOW');
    expect(count(now, cell('opportunities', 'skill', 'coding', 'DEMO-EAS', '16-17'))).toBe(1);
    expect(count(now, cell('opportunities', 'skill', 'coding', 'DEMO-EAS', 'all'))).toBe(1);
    expect(count(now, cell('places', 'cost', 'free', 'DEMO-EAS', 'all'))).toBe(12);
    expect(count(now, cell('demand', 'skill', 'coding', 'DEMO-EAS', '18-24'))).toBe(1);
    expect(count(now, cell('opportunities', 'skill', 'coding', 'DEMO-EAS', '25-plus'))).toBe(0);
    mark = aws.streamMark();
    aws.putItem({ ...opportunity, status: 'cancelled' });
    await deliver(consume, aws.streamRecords(mark, 'OPPORTUNITY#'));
    now = await readCounters('NOW');
    expect(count(now, cell('opportunities', 'skill', 'coding', 'DEMO-EAS', 'all'))).toBe(0);
    expect(count(now, cell('demand', 'skill', 'coding', 'DEMO-EAS', '18-24'))).toBe(0);
    expect(insightsKeys.counter('NOW', 0, 'x').pk).toBe('INSIGHTS#NOW#0');
  });
});

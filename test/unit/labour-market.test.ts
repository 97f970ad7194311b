// The labour-market file a city admin uploads: read row by row (each wrong cell named by row and
// column, nothing stored), its sets replaced as a whole, the same figures again writing nothing; a
// failure half-way (cells, switch) leaving the old figures whole and the upload retryable; two uploads
// of one set at once, one winner; a reader never seeing half of a switch.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { issueApiKey } from '../../functions/api-keys/service';
import { demandSets, uploadedDemand } from '../../functions/data/labour-market';
import { DomainError } from '../../functions/domain/errors';
import { MAX_DEMAND_ROWS, periodMonths, readDemandFile, type SpineCheck } from '../../functions/domain/labour-market';
import { syncSpine } from '../../functions/spine/service';
import { handler } from '../../functions/labour-market/handler';
import { uploadDemand } from '../../functions/labour-market/service';
import { authorizedEvent, context, parseBody } from '../support/events';
import { FakeAws } from '../support/fake-aws';

const aws = new FakeAws();
let adminKey: string;
let providerKey: string;

const HEADER = 'skill,area,period,demand,source';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n');

const put = async (body: Buffer | string, key = adminKey) =>
  (await handler(
    await authorizedEvent({ method: 'PUT', path: '/labour-market/demand', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: Buffer.from(body).toString('base64') }).then(
      (event) => ({ ...event, isBase64Encoded: true }),
    ),
    context,
  )) as { statusCode: number; body: string; headers: Record<string, string> };

const cellsOf = () => aws.itemsUnder('DEMAND#');
const figures = async (period: string) => (await uploadedDemand({ period })).map((f) => `${f.source} ${f.skillId} ${f.area} ${f.demand}`).sort();

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  adminKey = (await issueApiKey({ role: 'city-admin', scopes: [], label: 'test' }, new Date())).key;
  providerKey = (await issueApiKey({ role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage', 'opportunities:manage'], label: 'test' }, new Date())).key;
});

beforeEach(() => aws.clearFaults());

describe('reading the file', () => {
  const spine: SpineCheck = { skills: new Map([['coding', { retired: false }], ['teamwork', { retired: false }], ['typing', { retired: true }]]), isCityArea: (code) => code !== 'E09999999' };
  const problems = (bytes: Buffer) => {
    try {
      readDemandFile(bytes, spine);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).fields.map((f) => `${f.field}: ${f.detail}`);
    }
    throw new Error('the file was read');
  };

  it('groups rows into one set per source and period, columns in any order, months and quarters', () => {
    const sets = readDemandFile(Buffer.from('Source;Period;Skill;Area;Demand\r\nAdzuna;2026-q1;teamwork;E05000026;7\r\nAdzuna;2026-Q1;coding;E05000026;5\r\n;;;;\r\nONS;2026-03;coding;E05000027;0\r\n'), spine);
    expect(sets.map((s) => [s.source, s.period, s.rows.map((r) => `${r.row}:${r.skillId}/${r.area}=${r.demand}`), s.total])).toEqual([
      ['Adzuna', '2026-Q1', ['3:coding/E05000026=5', '2:teamwork/E05000026=7'], 12],
      ['ONS', '2026-03', ['5:coding/E05000027=0'], 0],
    ]);
    // The same figures in another order are the same set.
    const again = readDemandFile(csv('coding,E05000026,2026-Q1,5,Adzuna', 'teamwork,E05000026,2026-Q1,7,Adzuna'), spine);
    expect(again[0]!.digest).toBe(sets[0]!.digest);
  });

  it('names the row and column of every wrong cell', () => {
    expect(
      problems(
        csv(
          'coding,E05000026,2026-Q1,5,Adzuna',
          'robotics,E05000026,2026-Q1,5,Adzuna',
          'typing,E05000026,2026-Q1,5,Adzuna',
          'coding,E0500#026,2026-13,5.5,Adzuna',
          'coding,E09999999,2026-Q5,-1,',
          'teamwork,E05000026,2026-Q1,1,A#b',
          'coding,E05000026,2026-Q1,9,Adzuna',
          'coding,E05000026,2026-Q1,9,Adzuna,extra',
        ),
      ),
    ).toEqual([
      `row 3.skill: "robotics" is not a skill of the city's spine (GET /skills lists their ids)`,
      `row 4.skill: "typing" was retired from the city's spine`,
      'row 5.area: must be an area code: 1-32 letters, digits, ".", "_" or "-"',
      'row 5.period: must be a month (YYYY-MM) or a quarter (YYYY-Qn)',
      'row 5.demand: must be a whole number from 0 to 999999999, without separators',
      `row 6.area: "E09999999" is not one of the city's areas`,
      'row 6.period: must be a month (YYYY-MM) or a quarter (YYYY-Qn)',
      'row 6.demand: must be a whole number from 0 to 999999999, without separators',
      "row 6.source: must be a source name: 1-60 letters, digits, spaces and . _ & ' ( ) / -",
      "row 7.source: must be a source name: 1-60 letters, digits, spaces and . _ & ' ( ) / -",
      'row 8: repeats row 2 (the same skill, area, period and source): combine them into one row',
      'row 9: has 6 cells but the header names 5 columns',
    ]);
  });

  it('refuses a wrong header, an empty file, text that is not UTF-8 and too many rows', () => {
    expect(problems(Buffer.from('skill,area,when,demand\ncoding,E05000026,2026-Q1,5\n'))).toEqual([
      'when: is not a known column; the columns are skill, area, period, demand, source',
      'period: column is required: the first row must be a header naming skill, area, period, demand and source',
      'source: column is required: the first row must be a header naming skill, area, period, demand and source',
    ]);
    expect(problems(csv())).toEqual([': has a header row but no figures']);
    expect(problems(Buffer.concat([csv('coding,E05000026,2026-Q1,5,Adzuna'), Buffer.from([0xff, 0x0a])]))).toEqual(['row 3: is not UTF-8 text: save the file as "CSV UTF-8"']);
    expect(problems(Buffer.from('skill,area\n"coding,E05000026\n'))).toEqual(['row 2: a quoted field is never closed']);
    const many = csv(...Array.from({ length: MAX_DEMAND_ROWS + 1 }, (_, i) => `coding,A${i},2026-Q1,1,Adzuna`));
    expect(() => readDemandFile(many, spine)).toThrow(expect.objectContaining({ kind: 'too-large' }));
  });

  it('lists the first 50 rows with problems, and says how many more', () => {
    const listed = problems(csv(...Array.from({ length: 60 }, (_, i) => `coding,A${i},2026,1,Adzuna`)));
    expect(listed).toHaveLength(51);
    expect(listed.at(-1)).toBe(': and 10 more rows with problems: nothing was stored');
  });

  it('spreads a quarter over its months, for setting it beside monthly counts', () => {
    expect(periodMonths('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodMonths('2026-03')).toEqual(['2026-03']);
  });
});

describe('PUT /labour-market/demand', () => {
  it('is for city admins only', async () => {
    const reply = await put(csv('coding,E05000026,2026-Q1,5,Adzuna'), providerKey);
    expect(reply.statusCode).toBe(403);
    expect(cellsOf()).toEqual([]);
  });

  it('answers a wrong file with problem+json naming the row and column, and stores nothing', async () => {
    const mark = aws.mark();
    const reply = await put(csv('coding,E05000026,2026-Q1,5,Adzuna', 'coding,E05000027,2026-Q1,lots,Adzuna'));
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(parseBody(reply).errors).toEqual([{ in: 'body', field: 'row 3.demand', detail: 'must be a whole number from 0 to 999999999, without separators' }]);
    // The audit entry of a refused request is not written either: nothing changed.
    expect(aws.changedSince(mark)).toBe('');
  });

  it('stores each set, replaces it as a whole, and writes nothing for the same figures again', async () => {
    const first = await put(csv('coding,E05000026,2026-01,5,Jobs Board', 'teamwork,E05000026,2026-01,7,Jobs Board', 'coding,E05000026,2026-01,2,Careers Fair'));
    expect(first.statusCode).toBe(200);
    expect(parseBody(first).sets).toEqual([
      { source: 'Jobs Board', period: '2026-01', rows: 2, total: 12, result: 'added' },
      { source: 'Careers Fair', period: '2026-01', rows: 1, total: 2, result: 'added' },
    ]);
    const replaced = await put(csv('coding,E05000027,2026-01,9,Jobs Board'));
    expect(parseBody(replaced).sets).toEqual([{ source: 'Jobs Board', period: '2026-01', rows: 1, total: 9, result: 'replaced' }]);
    // The other source of the period stays; the replaced set's old cells are gone from the table.
    expect(await figures('2026-01')).toEqual(['Careers Fair coding E05000026 2', 'Jobs Board coding E05000027 9']);
    expect(cellsOf().filter((c) => c.period === '2026-01')).toHaveLength(2);

    const mark = aws.mark();
    const same = await put(csv('coding,E05000027,2026-01,9,Jobs Board'));
    expect(parseBody(same).sets).toEqual([{ source: 'Jobs Board', period: '2026-01', rows: 1, total: 9, result: 'unchanged' }]);
    // Only the audit entry of the request is new.
    expect(aws.changedSince(mark).split('\n').filter((line) => !line.startsWith('AUDIT#'))).toEqual([]);
  });

  it('reads back by period, by skill and by area, with bounded Queries', async () => {
    await put(csv('coding,E05000026,2026-02,5,Read Test', 'coding,E05000027,2026-02,6,Read Test', 'teamwork,E05000026,2026-02,7,Read Test'));
    expect((await uploadedDemand({ period: '2026-02', skillId: 'coding' })).map((f) => f.demand).sort()).toEqual([5, 6]);
    expect((await uploadedDemand({ period: '2026-02', area: 'E05000026' })).map((f) => f.skillId).sort()).toEqual(['coding', 'teamwork']);
    expect(await uploadedDemand({ period: '2026-02', skillId: 'coding', area: 'E05000027' })).toEqual([{ period: '2026-02', source: 'Read Test', skillId: 'coding', area: 'E05000027', demand: 6 }]);
    // Across periods: every set's cells of that skill, one Query per set.
    expect((await uploadedDemand({ skillId: 'teamwork' })).some((f) => f.period === '2026-02')).toBe(true);
    const reply = await handler(await authorizedEvent({ path: '/labour-market/demand', query: { period: '2026-02', skill: 'teamwork' }, headers: { authorization: `Bearer ${adminKey}` } }), context);
    expect(parseBody(reply as { body: string }).items).toEqual([{ period: '2026-02', source: 'Read Test', skillId: 'teamwork', area: 'E05000026', demand: 7 }]);
    const unbounded = await handler(await authorizedEvent({ path: '/labour-market/demand', headers: { authorization: `Bearer ${adminKey}` } }), context);
    expect(parseBody(unbounded as { body: string }).errors).toEqual([{ in: 'query', field: 'period', detail: 'is required unless skill is given' }]);
  });
});

describe('a failure half-way', () => {
  const OLD = ['coding,E05000026,2026-04,1,Fault Test', 'teamwork,E05000026,2026-04,2,Fault Test'];
  const NEW = Array.from({ length: 60 }, (_, i) => `coding,A${i},2026-04,${i},Fault Test`);

  beforeAll(async () => {
    await uploadDemand(csv(...OLD), new Date());
  });

  it.each([
    ['writing the new cells (the second batch)', () => aws.fail('BatchWriteItem', { nth: 2 })],
    ['switching the sets', () => aws.fail('TransactWriteItems')],
  ])('%s leaves the old figures whole, no new cells behind, and the upload can be sent again', async (_what, fault) => {
    fault();
    await expect(uploadDemand(csv(...NEW), new Date())).rejects.toThrow(/Injected fault/);
    aws.clearFaults();
    expect(await figures('2026-04')).toEqual(['Fault Test coding E05000026 1', 'Fault Test teamwork E05000026 2']);
    expect(cellsOf().filter((c) => c.period === '2026-04')).toHaveLength(2);

    expect((await uploadDemand(csv(...NEW), new Date()))[0]!.result).toBe('replaced');
    expect(await figures('2026-04')).toHaveLength(60);
    expect(cellsOf().filter((c) => c.period === '2026-04')).toHaveLength(60);
    await uploadDemand(csv(...OLD), new Date());
  });

  it('keeps the new figures when only deleting the replaced ones failed (they are never read)', async () => {
    aws.fail('BatchWriteItem', { when: (input) => JSON.stringify(input).includes('DeleteRequest') });
    expect((await uploadDemand(csv(...NEW), new Date()))[0]!.result).toBe('replaced');
    aws.clearFaults();
    expect(await figures('2026-04')).toHaveLength(60);
    await uploadDemand(csv(...OLD), new Date());
  });

  it('lets one of two uploads of the same set at once win; the other stores nothing and can be sent again', async () => {
    const results = await Promise.allSettled([uploadDemand(csv('coding,E05000026,2026-05,1,Race'), new Date()), uploadDemand(csv('coding,E05000026,2026-05,2,Race'), new Date())]);
    const [won, lost] = results[0]!.status === 'fulfilled' ? [0, 1] : [1, 0];
    expect(results[won]!.status).toBe('fulfilled');
    expect(results[lost]).toMatchObject({ status: 'rejected', reason: { kind: 'conflict' } });
    expect(await figures('2026-05')).toEqual([`Race coding E05000026 ${won + 1}`]);
    expect(cellsOf().filter((c) => c.period === '2026-05')).toHaveLength(1);
  });

  it('never shows a reader half of a switch: a read that overlaps one reads again', async () => {
    await uploadDemand(csv('coding,E05000026,2026-06,1,Seqlock', 'teamwork,E05000026,2026-06,2,Seqlock'), new Date());
    const [before] = await demandSets('2026-06');
    let replaced: Promise<unknown> | undefined;
    // The reader's first Query of the cells waits until a replacing upload has switched and deleted them.
    const remove = aws.inject(({ command, input }) => {
      if (command !== 'Query' || replaced || input.ExpressionAttributeValues?.[':pk'] !== `DEMAND#${before!.generation}`) return undefined;
      replaced = uploadDemand(csv('coding,E05000026,2026-06,3,Seqlock', 'teamwork,E05000026,2026-06,4,Seqlock'), new Date());
      return replaced;
    });
    const read = await figures('2026-06');
    remove();
    expect(read).toEqual(['Seqlock coding E05000026 3', 'Seqlock teamwork E05000026 4']);
  });
});

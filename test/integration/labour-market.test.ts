// Labour-market demand against the local city (DynamoDB Local): a city admin's file of 192 rows (8 sources) is
// stored and read back by period, skill and area; uploading it again writes nothing; a replacement
// takes the place of the old figures whole while other sources stay; a wrong file answers 400 naming
// the row and column and changes nothing; only city admins may upload or read.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const providerKey = inject('providerKey');

const call = async (path: string, key: string | undefined, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) } });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
};
const upload = (csv: string, key = adminKey) => call('/labour-market/demand', key, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
const read = (query: string, key = adminKey) => call(`/labour-market/demand?${query}`, key);

// Each run its own sources and year, so that runs against the same city do not meet.
const run = randomBytes(4).toString('hex');
const year = 2100 + (randomBytes(1)[0]! % 800);
const HEADER = 'skill,area,period,demand,source';
const SKILLS = ['coding', 'teamwork', 'problem-solving', 'digital-making'];
// The demo city's insights areas (cities/demo.json): uploads name only the city's areas.
const AREAS = ['DEMO-CEN', 'DEMO-RIV', 'DEMO-NOR', 'DEMO-EAS', 'DEMO-SOU', 'DEMO-FOU'];

describe('labour-market demand on the local city', () => {
  it('stores a file, reads it back by period, skill and area, and writes nothing for it again', { timeout: 240_000 }, async () => {
    // 4 skills × the demo city's 6 areas × 8 sources: 192 rows, 8 sets.
    const sources = Array.from({ length: 8 }, (_, k) => `Jobs ${run} ${k}`);
    const rows = sources.flatMap((source, k) => SKILLS.flatMap((skill, s) => AREAS.map((area, a) => `${skill},${area},${year}-Q1,${s * 1000 + a * 10 + k},${source}`)));
    const first = await upload([HEADER, ...rows].join('\r\n'));
    expect(first.status).toBe(200);
    expect(first.body.sets).toEqual(expect.arrayContaining(sources.map((source) => ({ source, period: `${year}-Q1`, rows: 24, total: expect.any(Number), result: 'added' }))));
    expect(first.body.sets).toHaveLength(8);

    const all = await read(`period=${year}-Q1`);
    expect(all.body.items).toHaveLength(192);
    const coding = await read(`period=${year}-Q1&skill=coding`);
    expect(coding.body.items).toHaveLength(48);
    const one = (await read(`period=${year}-Q1&skill=teamwork&area=DEMO-EAS`)).body.items;
    expect(one).toHaveLength(8);
    expect(one).toContainEqual({ period: `${year}-Q1`, source: sources[7], skillId: 'teamwork', area: 'DEMO-EAS', demand: 1037 });
    expect(new Set((await read(`period=${year}-Q1&area=DEMO-EAS`)).body.items.map((f: any) => f.skillId))).toEqual(new Set(SKILLS));

    const again = await upload([HEADER, ...[...rows].reverse()].join('\n'));
    expect(again.body.sets.map((set: any) => set.result)).toEqual(Array(8).fill('unchanged'));
  });

  it('refuses an area the city does not list, naming the row', async () => {
    const refused = await upload([HEADER, `coding,NOT-OURS,${year}-02,5,Elsewhere ${run}`].join('\n'));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'row 2.area' }));
  });

  it('replaces a source and period as a whole, keeping the other sources', { timeout: 120_000 }, async () => {
    const [a, b] = [`Adverts ${run}`, `Survey ${run}`];
    await upload([HEADER, `coding,DEMO-CEN,${year}-03,5,${a}`, `teamwork,DEMO-CEN,${year}-03,6,${a}`, `coding,DEMO-CEN,${year}-03,7,${b}`].join('\n'));
    const replaced = await upload([HEADER, `coding,DEMO-RIV,${year}-03,8,${a}`].join('\n'));
    expect(replaced.body.sets).toEqual([{ source: a, period: `${year}-03`, rows: 1, total: 8, result: 'replaced' }]);
    const figures = (await read(`period=${year}-03`)).body.items.map((f: any) => `${f.source}/${f.skillId}/${f.area}=${f.demand}`).sort();
    expect(figures).toEqual([`${a}/coding/DEMO-RIV=8`, `${b}/coding/DEMO-CEN=7`]);
  });

  it('refuses a wrong file naming the row and column, and keeps what was stored', { timeout: 120_000 }, async () => {
    const source = `Refused ${run}`;
    await upload([HEADER, `coding,DEMO-CEN,${year}-04,5,${source}`].join('\n'));
    const refused = await upload([HEADER, `coding,DEMO-CEN,${year}-04,9,${source}`, `no-such-skill,DEMO-CEN,${year}-04,1,${source}`, `coding,DEMO-CEN,${year}-4,1,${source}`].join('\n'));
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.errors.map((e: any) => e.field)).toEqual(['row 3.skill', 'row 4.period']);
    expect((await read(`period=${year}-04`)).body.items.map((f: any) => f.demand)).toEqual([5]);
  });

  it('is for city admins only', { timeout: 60_000 }, async () => {
    expect((await upload([HEADER, `coding,DEMO-CEN,${year}-05,5,Provider ${run}`].join('\n'), providerKey)).status).toBe(403);
    expect((await read(`period=${year}-05`, providerKey)).status).toBe(403);
    expect((await read(`period=${year}-05`)).body.items).toEqual([]);
  });
});

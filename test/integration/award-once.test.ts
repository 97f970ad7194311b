// Exactly one badge per learner per badge class, against the local city and DynamoDB Local: the
// table refuses a second award however the requests arrive (in a row, racing, in batches, in imports
// of the same file), a repeatable class is the exception, and a revocation frees the learner.
// The four figures of issue 8 §2 (2, 50, 100, 390 awards before) are asserted here as 1, 1, 20, 200.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const providerKey = inject('providerKey');

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text.startsWith('{') ? JSON.parse(text) : text) as Record<string, any> };
};
const newBadgeClass = async (extra: Record<string, unknown> = {}) =>
  (await call('POST', '/badge-classes', { name: 'Once badge', description: 'x', criteria: { narrative: 'y' }, ...extra })).body.id as string;

/** Every award of the badge class, read page by page through the API. */
async function awardsOf(badgeClassId: string): Promise<Record<string, any>[]> {
  const all: Record<string, any>[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await call('GET', `/badge-classes/${badgeClassId}/awards?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...body.items);
    cursor = body.next;
  } while (cursor);
  return all;
}
const learner = () => ({ recipient: { email: `once-${randomBytes(6).toString('hex')}@example.org` } });

describe('one badge per learner per badge class', () => {
  it('two single awards in a row, no Idempotency-Key: 1 badge, and a 409 naming it', async () => {
    const classId = await newBadgeClass();
    const request = learner();
    const first = await call('POST', `/badge-classes/${classId}/awards`, request);
    expect(first.status).toBe(201);
    const second = await call('POST', `/badge-classes/${classId}/awards`, request);
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(second.body).toMatchObject({ status: 409, existing: { id: first.body.id, url: first.body.links.page } });
    expect(await awardsOf(classId)).toHaveLength(1);
  });

  it('50 concurrent single awards of one learner: 1 badge', async () => {
    const classId = await newBadgeClass();
    const request = learner();
    const answers = await Promise.all(Array.from({ length: 50 }, () => call('POST', `/badge-classes/${classId}/awards`, request)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201), statuses.join(',')).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const [held] = await awardsOf(classId);
    expect(await awardsOf(classId)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.existing.id === held!.id)).toBe(true);
  }, 120_000);

  it('5 concurrent copies of a 20-row batch: 20 badges', async () => {
    const classId = await newBadgeClass();
    const rows = Array.from({ length: 20 }, learner);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/badge-classes/${classId}/awards:batch`, { recipients: rows })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + a.body.created, 0)).toBe(20);
    expect(answers.reduce((sum, a) => sum + a.body.duplicates, 0)).toBe(80);
    expect(await awardsOf(classId)).toHaveLength(20);
  }, 120_000);

  it('two concurrent imports of the same 200-row file: 200 badges', async () => {
    const classId = await newBadgeClass();
    const csv = `email\n${Array.from({ length: 200 }, () => learner().recipient.email).join('\n')}\n`;
    const jobs = await Promise.all([call('POST', `/badge-classes/${classId}/imports`, csv), call('POST', `/badge-classes/${classId}/imports`, csv)]);
    expect(jobs.map((j) => j.status)).toEqual([202, 202]);
    const done = await Promise.all(
      jobs.map(async (job) => {
        for (;;) {
          const { body } = await call('GET', job.body.url);
          if (body.status === 'completed' || body.status === 'failed') return body;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }),
    );
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed']);
    expect(done[0]!.created + done[1]!.created).toBe(200);
    expect(done[0]!.duplicates + done[1]!.duplicates).toBe(200);
    expect(done[0]!.failed + done[1]!.failed).toBe(0);
    expect(await awardsOf(classId)).toHaveLength(200);
  }, 300_000);

  it('a repeatable badge class (attendance) may be awarded to one learner again', async () => {
    const classId = await newBadgeClass({ name: 'Drop-in session', repeatable: true });
    const request = learner();
    expect((await call('POST', `/badge-classes/${classId}/awards`, request)).status).toBe(201);
    expect((await call('POST', `/badge-classes/${classId}/awards`, request)).status).toBe(201);
    expect(await awardsOf(classId)).toHaveLength(2);
  });

  it('a revoked award frees the learner: the badge can be awarded again, once', async () => {
    const classId = await newBadgeClass();
    const request = learner();
    const first = await call('POST', `/badge-classes/${classId}/awards`, request);
    expect((await call('POST', `/awards/${first.body.id}/revoke`, { reason: 'Wrong evidence' })).status).toBe(200);
    const again = await call('POST', `/badge-classes/${classId}/awards`, request);
    expect(again.status).toBe(201);
    expect((await call('POST', `/badge-classes/${classId}/awards`, request)).body).toMatchObject({ status: 409, existing: { id: again.body.id } });
    const states = (await awardsOf(classId)).map((a) => [a.id, a.state]);
    expect(states).toEqual(expect.arrayContaining([[first.body.id, 'revoked'], [again.body.id, 'valid']]));
    expect(states).toHaveLength(2);
  });
});

// Awarding a badge to a whole group at once: each row stands alone, and a bad row never loses the
// good ones.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const providerKey = inject('providerKey');

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('POST /badge-classes/{badgeClassId}/awards:batch', () => {
  it('creates the valid rows and says why each other row was not', async () => {
    const badgeClass = (await post('/badge-classes', { name: 'Batch badge', description: 'x', criteria: { narrative: 'y' } })).body;
    const tag = randomBytes(4).toString('hex');
    const already = `already-${tag}@example.org`;
    expect((await post(`/badge-classes/${badgeClass.id}/awards`, { recipient: { email: already } })).status).toBe(201);
    const recipients = [
      ...Array.from({ length: 20 }, (_, i) => ({ recipient: { email: `learner${i}-${tag}@example.org` } })),
      { recipient: { email: 'not-an-email' } },
      { recipient: { email: `learner3-${tag}@example.org` } },
      { recipient: { email: already } },
      { recipient: {} },
    ];
    const { status, body } = await post(`/badge-classes/${badgeClass.id}/awards:batch`, { recipients });
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 20, duplicates: 2, invalid: 2, failed: 0 });
    expect(body.results).toHaveLength(recipients.length);
    expect(body.results[20]).toMatchObject({ index: 20, status: 'invalid', errors: [{ field: 'recipients[20].recipient.email' }] });
    expect(body.results[21]).toMatchObject({ status: 'duplicate', detail: 'the same learner appears earlier in this batch' });
    expect(body.results[22]).toMatchObject({ status: 'duplicate', detail: expect.stringContaining('this learner already holds this badge: award '), existing: { id: expect.any(String) } });
    const ids = body.results.filter((r: { status: string }) => r.status === 'created').map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(20);
    const page = await fetch(body.results[0].links.assertion);
    expect(page.status).toBe(200);
    expect(JSON.stringify(body)).not.toContain(tag);
  }, 60_000);

  it('11 concurrent 100-row batches: never a 500, rows without time are failed (retryable), and retrying them awards each learner once', async () => {
    const badgeClass = (await post('/badge-classes', { name: 'Crowded badge', description: 'x', criteria: { narrative: 'y' } })).body;
    const tag = randomBytes(4).toString('hex');
    const batches = Array.from({ length: 11 }, (_, b) => Array.from({ length: 100 }, (_, i) => ({ recipient: { email: `crowd${b}-${i}-${tag}@example.org` } })));
    const statuses: number[] = [];
    let pending = batches;
    for (let round = 1; pending.length; round++) {
      expect(round, `rows still failing after ${round - 1} rounds`).toBeLessThanOrEqual(8);
      const answers = await Promise.all(pending.map((recipients) => post(`/badge-classes/${badgeClass.id}/awards:batch`, { recipients })));
      statuses.push(...answers.map((a) => a.status));
      // A 503 (the whole batch ran out of time before it started) is retried whole; failed rows one by one.
      pending = answers.flatMap((answer, i) => {
        if (answer.status !== 200) return [pending[i]!];
        const again = answer.body.results.filter((r: { status: string }) => r.status === 'failed').map((r: { index: number }) => pending[i]![r.index]!);
        return again.length ? [again] : [];
      });
    }
    expect(statuses.filter((s) => s !== 200 && s !== 503), statuses.join(',')).toEqual([]);
    // Exactly one award per learner: 1,100.
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await fetch(`${base}/badge-classes/${badgeClass.id}/awards?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${providerKey}` },
      }).then((r) => r.json() as Promise<{ items: unknown[]; next?: string }>);
      count += page.items.length;
      cursor = page.next;
    } while (cursor);
    expect(count).toBe(1100);
  }, 900_000);

  it('refuses more than 100 rows, and an empty batch', async () => {
    const badgeClass = (await post('/badge-classes', { name: 'Batch badge', description: 'x', criteria: { narrative: 'y' } })).body;
    const many = Array.from({ length: 101 }, (_, i) => ({ recipient: { email: `x${i}@example.org` } }));
    expect((await post(`/badge-classes/${badgeClass.id}/awards:batch`, { recipients: many })).status).toBe(400);
    expect((await post(`/badge-classes/${badgeClass.id}/awards:batch`, { recipients: [] })).status).toBe(400);
  });
});

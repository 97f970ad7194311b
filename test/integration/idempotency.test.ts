// Safe retries: the same Idempotency-Key and body give the same answer and one effect, even when 100
// identical requests race; the same key with another body is refused.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('cityUrl');
const providerKey = inject('providerKey');

const post = (path: string, body: string, idempotencyKey?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body,
  });

describe('Idempotency-Key', () => {
  it('makes 100 concurrent identical award requests issue exactly one award', async () => {
    const badgeClass = (await (await post('/badge-classes', JSON.stringify({ name: 'Retry badge', description: 'x', criteria: { narrative: 'y' } }))).json()) as { id: string };
    const key = `retry-${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify({ recipient: { email: 'retry@example.org' } });
    const responses = await Promise.all(Array.from({ length: 100 }, () => post(`/badge-classes/${badgeClass.id}/awards`, body, key)));
    const statuses = responses.map((r) => r.status);
    // Each either got the award (201) or was told the first is still in progress (409, retry).
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    const ids = new Set(
      await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as { id: string }).id)),
    );
    expect(ids.size).toBe(1);
    // A retry after the race answers the same award.
    const retry = await post(`/badge-classes/${badgeClass.id}/awards`, body, key);
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { id: string }).id).toBe([...ids][0]);
    // The same key with another body is refused, and issues nothing.
    const other = await post(`/badge-classes/${badgeClass.id}/awards`, JSON.stringify({ recipient: { email: 'someone@example.org' } }), key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    // Without the header, the learner still holds the badge once: the table refuses a second award.
    const again = await post(`/badge-classes/${badgeClass.id}/awards`, body);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { existing: { id: string } }).existing.id).toBe([...ids][0]);
  }, 60_000);

  it('rejects a malformed key', async () => {
    const response = await post('/badge-classes', JSON.stringify({ name: 'x', description: 'y', criteria: { narrative: 'z' } }), 'short');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([{ in: 'header', field: 'Idempotency-Key', detail: expect.any(String) }]);
  });
});

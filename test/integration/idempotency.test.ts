// Safe retries: the same Idempotency-Key and body give the same answer and one effect, even when 100
// identical requests race; the same key with another body is refused; and a retry after the first
// attempt timed out (DynamoDB stalled past the function's deadline) lands on the award it stored.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { routeGroups } from '../../definitions/routes';
import { runCityProcess, tempDataDir, type CityProcess } from '../../local/child-process';

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

/** The DynamoDB Local this test's own city started (java … -port <port>), found by its port. */
function dynamoDbLocalPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    const at = args.indexOf('-port');
    if (at > 0 && args[at + 1] === String(port) && args.some((arg) => arg.includes('DynamoDBLocal'))) return Number(entry);
  }
  throw new Error(`No DynamoDB Local on port ${port}`);
}

describe('a retry after a timeout, with DynamoDB stalled', () => {
  const dataDir = tempDataDir();
  let city: CityProcess | undefined;
  let dynamoPid: number | undefined;
  afterAll(async () => {
    if (dynamoPid) process.kill(dynamoPid, 'SIGCONT');
    if (city) await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lands on the award the timed-out attempt stored: one award, never a 500', async () => {
    city = await runCityProcess({ dataDir });
    const key = new RegExp(`^\\s+Provider central-library\\s+(col_\\S+)$`, 'm').exec(city.output())![1]!;
    const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${city!.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const badgeClass = (await (await send('/badge-classes', { name: 'Stall badge', description: 'x', criteria: { narrative: 'y' } })).json()) as { id: string };
    const request = { recipient: { email: 'stalled@example.org' } };
    const idempotency = { 'idempotency-key': `stall-${randomBytes(8).toString('hex')}` };

    // DynamoDB stops answering (as under a long stall) for longer than the awards function's timeout.
    dynamoPid = dynamoDbLocalPid(city.ports.dynamoDbPort);
    process.kill(dynamoPid, 'SIGSTOP');
    const stalled = send(`/badge-classes/${badgeClass.id}/awards`, request, idempotency);
    const first = await Promise.race([stalled, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), (routeGroups.awards.timeoutSeconds + 3) * 1000))]);
    process.kill(dynamoPid, 'SIGCONT');
    dynamoPid = undefined;
    // Lambda's deadline passed: API Gateway's 503, or ours (problem+json with Retry-After). Never a 500.
    expect(first?.status).toBe(503);

    // The attempt runs on once DynamoDB answers again, and stores its award; retries land on it.
    const statuses: number[] = [];
    let created: Record<string, any> | undefined;
    for (let attempt = 0; attempt < 30 && !created; attempt++) {
      const retry = await send(`/badge-classes/${badgeClass.id}/awards`, request, idempotency);
      statuses.push(retry.status);
      if (retry.status === 201) created = (await retry.json()) as Record<string, any>;
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(statuses.every((s) => s === 201 || s === 409 || s === 503), statuses.join(',')).toBe(true);
    const list = (await (await fetch(`${city.url}/badge-classes/${badgeClass.id}/awards`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { id: string }[] };
    expect(list.items.map((a) => a.id)).toEqual([created!.id]);
  }, 180_000);
});

// Awarding under races, faults and deadlines, against the in-memory table and bucket: an award is
// complete or absent; a learner holds a (non-repeatable) badge class once however many requests race;
// a retry after a timeout lands on the award the first attempt made; a batch that runs out of time
// answers what it did and marks the rest retryable, never a 5xx after writes.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('awards'));
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { issueApiKey } from '../../functions/api-keys/service';
import { handler } from '../../functions/awards/handler';
import type { Principal } from '../../functions/domain/api-keys';
import { unbake } from '../../functions/domain/baking';
import type { Award } from '../../functions/domain/awards';
import { DomainError } from '../../functions/domain/errors';
import { RETRY_AFTER_SECONDS } from '../../functions/http/problem';
import { issueAward, issueBatch, NOT_REACHED, STILL_WRITING, STOP_STARTING_MS } from '../../functions/services/awarding';
import { revoke } from '../../functions/services/awards';
import { recipientName, recipientNameKeys } from '../../functions/services/recipients';
import { authorizedEvent, context, parseBody } from '../support/events';
import { badgeClass, CLASS_ID, classSvg, provider } from '../support/award-fixtures';
import { FakeAws, type FaultFunction } from '../support/fake-aws';

const aws = new FakeAws();
const REPEATABLE_ID = 'bbbbbbbbbbbbbbbb';
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'p' };
const request = { recipient: { email: 'ana@example.org' }, evidence: [] };
const now = { now: new Date() };

const removers: (() => void)[] = [];
const inject = (fault: FaultFunction) => removers.push(aws.inject(fault));
const put = (value: Record<string, unknown>) => aws.items.set(`${String(value.pk)}\u0000${String(value.sk)}`, value);
const items = (prefix: string) => [...aws.items.values()].filter((i) => String(i.pk).startsWith(prefix));
const awards = (classId = CLASS_ID) => items('AWARD#').filter((a) => a.badgeClassId === classId) as unknown as Award[];
/** A promise and the function that settles it: a stall held until released. */
const gate = () => {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
};
const isAwardWrite = ({ command, input }: { command: string; input: any }) =>
  (command === 'TransactWriteItems' && String(input.TransactItems[0]?.Put?.Item?.pk).startsWith('AWARD#')) ||
  (command === 'PutItem' && String(input.Item?.pk).startsWith('AWARD#'));

beforeEach(() => {
  removers.splice(0).forEach((remove) => remove());
  aws.items.clear();
  aws.objects.clear();
  put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass });
  put({ pk: `BADGECLASS#${REPEATABLE_ID}`, sk: 'CURRENT', ...badgeClass, id: REPEATABLE_ID, name: 'Drop-in session', repeatable: true });
  put({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  aws.putObject(badgeClass.image.key, Buffer.from(classSvg));
});

describe('an award is complete or absent', () => {
  it('writes no award record when the baked image cannot be stored', async () => {
    inject(({ command }) => (command === 'PutObject' ? new Error('S3 is down') : undefined));
    await expect(issueAward(CLASS_ID, request, principal, now)).rejects.toThrow('S3 is down');
    expect(awards()).toEqual([]);
    expect(items('HOLDER#')).toEqual([]);
  });

  it('stores the image before the record, and a retry after a failed record write completes the award', async () => {
    let failures = 0;
    inject((operation) => (isAwardWrite(operation) && failures++ === 0 ? Object.assign(new Error('throttled'), { name: 'ThrottlingException' }) : undefined));
    await expect(issueAward(CLASS_ID, request, principal, now)).rejects.toThrow('throttled');
    // The failed attempt's image exists, but no record refers to it: its URLs answer 404.
    expect([...aws.objects.keys()].filter((k) => k.startsWith('badges/'))).toHaveLength(1);
    expect(awards()).toEqual([]);

    const award = await issueAward(CLASS_ID, request, principal, now);
    expect(awards().map((a) => a.id)).toEqual([award.id]);
    expect(award.image.key).toMatch(new RegExp(`^badges/${award.id}\\.[a-z2-7]{8}\\.svg$`));
    // The image the record names holds exactly the stored credential.
    const baked = unbake(aws.objects.get(award.image.key)!.body);
    expect(JSON.parse(baked.openbadgecredential!)).toEqual(award.credential);
    expect(JSON.stringify([...aws.items.values()])).not.toContain('ana@example.org');
  });

  it("stores a learner's name only sealed to the award, and the provider can read it back", async () => {
    const award = await issueAward(CLASS_ID, { ...request, recipient: { email: 'ana@example.org', name: 'Ana Souza' } }, principal, now);
    const [stored] = awards();
    expect(JSON.stringify(stored)).not.toContain('Ana Souza');
    const key = await recipientNameKeys();
    expect(recipientName(stored!, key)).toBe('Ana Souza');
    expect(() => recipientName({ ...stored!, id: 'another-award' }, key)).toThrow();
    expect(award.sealedRecipientName).toBe(stored!.sealedRecipientName);
  });
});

describe('one badge per learner per badge class', () => {
  it('answers a second award of a held badge as a conflict naming the award held', async () => {
    const first = await issueAward(CLASS_ID, request, principal, now);
    const second = await issueAward(CLASS_ID, { ...request, recipient: { email: ' ANA@example.org ' } }, principal, now).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DomainError);
    expect(second).toMatchObject({ kind: 'conflict', existing: { id: first.id, url: `https://unit.example/badges/${first.id}` } });
    expect(awards()).toHaveLength(1);
  });

  it('lets the table decide when 50 awards of one learner race: one award, 49 conflicts', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => issueAward(CLASS_ID, request, principal, { now: new Date() })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const winner = (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<Award>).value;
    const conflicts = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as DomainError);
    expect(conflicts.every((e) => e.kind === 'conflict' && e.existing?.id === winner.id)).toBe(true);
    expect(awards()).toHaveLength(1);
    expect(items('HOLDER#')).toEqual([expect.objectContaining({ awardId: winner.id })]);
  });

  it('awards a repeatable badge class as often as asked, with no holder item', async () => {
    await issueAward(REPEATABLE_ID, request, principal, now);
    await issueAward(REPEATABLE_ID, request, principal, now);
    expect(awards(REPEATABLE_ID)).toHaveLength(2);
    expect(items('HOLDER#')).toEqual([]);
  });

  it('frees the learner when their award is revoked: the badge can be awarded again, once', async () => {
    const first = await issueAward(CLASS_ID, request, principal, now);
    await revoke(first.id, 'Awarded by mistake', principal, new Date());
    expect(items('HOLDER#')).toEqual([]);
    const again = await issueAward(CLASS_ID, request, principal, now);
    expect(items('HOLDER#')).toEqual([expect.objectContaining({ awardId: again.id })]);
    await expect(issueAward(CLASS_ID, request, principal, now)).rejects.toMatchObject({ kind: 'conflict', existing: { id: again.id } });
    // Revoking the old award again is a conflict, and leaves the new award's holder item alone.
    await expect(revoke(first.id, 'again', principal, new Date())).rejects.toMatchObject({ kind: 'conflict' });
    expect(items('HOLDER#')).toEqual([expect.objectContaining({ awardId: again.id })]);
  });

  it('gives each award a random, unique index of a full-length status list', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({ recipient: { email: `l${i}@example.org` } }));
    await issueBatch(CLASS_ID, batch, principal, { now: new Date(), remainingMs: () => 20_000 });
    const indices = awards().map((a) => a.statusListIndex);
    expect(new Set(indices).size).toBe(40);
    expect(indices.every((i) => Number.isInteger(i) && i >= 0 && i < 131_072)).toBe(true);
    // Not handed out in order: 40 consecutive indices would all be below 40.
    expect(Math.max(...indices)).toBeGreaterThan(1000);
    expect(items('STATUSINDEX#central-library#')).toHaveLength(40);
  });

  it('draws again when an index is taken, and grows the list once it keeps colliding', async () => {
    let collisions = 0;
    inject(({ command, input }) =>
      command === 'PutItem' && String(input.Item?.pk).startsWith('STATUSINDEX#') && collisions++ < 8
        ? Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' })
        : undefined,
    );
    const award = await issueAward(CLASS_ID, request, principal, now);
    expect(collisions).toBe(9);
    // Eight collisions in a row: the list is taken to be full and grows by one minimum length.
    expect(aws.items.get('STATUSLIST#central-library\u0000LIST')).toMatchObject({ pages: 2 });
    expect(award.statusListIndex).toBeLessThan(2 * 131_072);
  });
});

describe('batch rows', () => {
  const batch = (rows: unknown[], remainingMs = () => 20_000) => issueBatch(CLASS_ID, rows, principal, { now: new Date(), remainingMs });

  it('name the field of an invalid row exactly, a row that is no object included', async () => {
    // Found while fuzzing: a row that was not an object was reported as field "recipients[0]." (trailing dot).
    const results = await batch([42, { recipient: { email: 'nope' } }]);
    expect(results.map((r) => (r.status === 'invalid' ? r.errors.map((e) => e.field) : r.status))).toEqual([['recipients[0]'], ['recipients[1].recipient.email']]);
    expect(awards()).toEqual([]);
  });

  it('refuse a row larger than one award may be, instead of failing it as retryable', async () => {
    // Found while fuzzing the local city: a 366 KB row (20 evidence narratives of 5,000 CJK characters)
    // was baked and its image stored, then DynamoDB refused the 400 KB+ item: "failed, retry this row".
    const huge = '漢'.repeat(5000);
    const row = { recipient: { email: 'big@example.org' }, evidence: Array.from({ length: 20 }, () => ({ narrative: huge })) };
    const [result] = await batch([row]);
    expect(result).toEqual({ index: 0, status: 'invalid', errors: [{ in: 'body', field: 'recipients[0]', detail: 'is larger than 65536 bytes, the limit of one award' }] });
    expect([...aws.objects.keys()].filter((k) => k.startsWith('badges/'))).toEqual([]);
  });

  it('answer a learner who holds the badge as duplicate, naming the award; 5 racing copies of a batch award each learner once', async () => {
    const held = await issueAward(CLASS_ID, request, principal, now);
    const rows = [request, ...Array.from({ length: 19 }, (_, i) => ({ recipient: { email: `r${i}@example.org` } }))];
    const copies = await Promise.all(Array.from({ length: 5 }, () => batch(rows)));
    expect(copies[0]![0]).toEqual({ index: 0, status: 'duplicate', detail: expect.stringContaining(held.id), existing: { id: held.id, url: `https://unit.example/badges/${held.id}` } });
    expect(copies.flat().filter((r) => r.status === 'created')).toHaveLength(19);
    expect(copies.flat().filter((r) => r.status === 'failed')).toEqual([]);
    expect(awards()).toHaveLength(20);
  });

  it('run every row when there is no deadline at all (a context without one)', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ recipient: { email: `n${i}@example.org` } }));
    expect((await batch(rows, () => Number.POSITIVE_INFINITY)).map((r) => r.status)).toEqual(['created', 'created', 'created', 'created', 'created']);
  });

  it('start no row once time runs short, and answer those rows as failed (retryable)', async () => {
    let left = 20_000;
    const rows = Array.from({ length: 10 }, (_, i) => ({ recipient: { email: `t${i}@example.org` } }));
    // Time runs down as rows are started: the first few get in.
    const results = await batch(rows, () => (left -= 2_500));
    const started = results.filter((r) => r.status === 'created').length;
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(10);
    expect(results.filter((r) => r.status === 'failed')).toEqual(
      Array.from({ length: 10 - started }, () => expect.objectContaining({ status: 'failed', detail: NOT_REACHED })),
    );
    // Retrying the failed rows awards them; the created ones are duplicates now.
    const retry = await batch(rows);
    expect(retry.filter((r) => r.status === 'created')).toHaveLength(10 - started);
    expect(retry.filter((r) => r.status === 'duplicate')).toHaveLength(started);
    expect(awards()).toHaveLength(10);
  });

  it('answer before the deadline when storage stalls, and a retry after it awards nobody twice', async () => {
    const stall = gate();
    inject((operation) => (isAwardWrite(operation) ? stall.opened : undefined));
    const rows = Array.from({ length: 6 }, (_, i) => ({ recipient: { email: `s${i}@example.org` } }));
    const deadline = Date.now() + STOP_STARTING_MS + 500;
    const results = await batch(rows, () => deadline - Date.now());
    // Answered in time: the four rows in flight were still being written, the rest never started.
    expect(Date.now()).toBeLessThan(deadline);
    expect(results.map((r) => r.status === 'failed' && r.detail)).toEqual([STILL_WRITING, STILL_WRITING, STILL_WRITING, STILL_WRITING, NOT_REACHED, NOT_REACHED]);
    // The stalled writes land after the answer (as a write can, once sent); the retry finds them.
    removers.splice(0).forEach((remove) => remove());
    stall.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retry = await batch(rows);
    expect(retry.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'created', 'created']);
    expect(awards()).toHaveLength(6);
  }, 20_000);
});

describe('POST …/awards with an Idempotency-Key, under stalled storage', () => {
  let key: string;
  beforeEach(async () => {
    key = (await issueApiKey({ role: 'provider', providerId: 'central-library', scopes: ['badges:issue'], label: 'test' }, new Date())).key;
  });
  const event = (idempotencyKey: string): Promise<APIGatewayProxyEventV2> =>
    authorizedEvent({
      method: 'POST',
      path: `/badge-classes/${CLASS_ID}/awards`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(request),
    });
  /** A Lambda context with `ms` left. */
  const withTime = (ms: number) => {
    const deadline = Date.now() + ms;
    return { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  };

  it('answers 503 with Retry-After in time; the retry answers the award the stalled attempt made', async () => {
    const stall = gate();
    inject((operation) => (isAwardWrite(operation) ? stall.opened : undefined));
    const first = await handler(await event('retry-after-stall-1'), withTime(2_500));
    expect(first.statusCode).toBe(503);
    expect(first.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': String(RETRY_AFTER_SECONDS) });
    // The stalled write lands after the answer was sent.
    removers.splice(0).forEach((remove) => remove());
    stall.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(awards()).toHaveLength(1);

    const retry = await handler(await event('retry-after-stall-1'), withTime(10_000));
    expect(retry.statusCode).toBe(201);
    expect(parseBody(retry).id).toBe(awards()[0]!.id);
    expect(awards()).toHaveLength(1);
    // Its record is in one of the 16 idempotency partitions, not one partition of the whole city.
    expect(items('IDEMPOTENCY').map((record) => record.pk)).toEqual([expect.stringMatching(/^IDEMPOTENCY#[0-9a-f]$/)]);
  });

  it("keeps the answer it replays sealed: the learner's name is in no record in the clear, and the replay names them", async () => {
    const named = async (idempotencyKey: string) =>
      authorizedEvent({
        method: 'POST',
        path: `/badge-classes/${CLASS_ID}/awards`,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ ...request, recipient: { email: 'zadie@example.org', name: 'Zadie Quartermain' } }),
      });
    const first = await handler(await named('sealed-replay-1'), withTime(10_000));
    expect(first.statusCode).toBe(201);
    expect((parseBody(first).recipient as { name?: string }).name).toBe('Zadie Quartermain');
    const [record] = items('IDEMPOTENCY');
    expect(record?.data).toEqual({ sealed: expect.any(String) });
    expect(JSON.stringify([...aws.items.values()])).not.toContain('Zadie');
    const replay = await handler(await named('sealed-replay-1'), withTime(10_000));
    expect(replay.statusCode, String(replay.body)).toBe(201);
    expect(parseBody(replay)).toEqual(parseBody(first));
  });

  it('lands a retry that overtakes the stalled attempt on the same award, and the late write adds nothing', async () => {
    const stall = gate();
    let stalled = 0;
    inject((operation) => (isAwardWrite(operation) && stalled++ === 0 ? stall.opened : undefined));
    const first = handler(await event('retry-after-stall-2'), withTime(2_500));
    expect((await first).statusCode).toBe(503);
    const retry = await handler(await event('retry-after-stall-2'), withTime(10_000));
    expect(retry.statusCode).toBe(201);
    stall.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [award] = awards();
    expect(awards()).toHaveLength(1);
    expect(parseBody(retry).id).toBe(award!.id);
    // The image the award names is its own, not the late attempt's.
    expect(JSON.parse(unbake(aws.objects.get(award!.image.key)!.body).openbadgecredential!)).toEqual(award!.credential);
  });
});

// Deleting an account, on the in-memory AWS: the learner's users in the user pool go with it (the one
// AdminDeleteUser call, on the city's pool), and so does every item of the account; a deletion that
// fails at any step leaves the account marked and listed, signing nobody in, and the scheduled purge
// finishes it, with one audit entry however often it ran.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('learners'));
import { describe, expect, it, vi } from 'vitest';
import { LEARNER_USER_POOL_ID_ENV } from '../../../definitions/learner-sign-in';
import { httpEvent, context } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { unitLearner } from '../../support/learners';

const aws = new FakeAws();
const { handler } = await import('../../../functions/learners/handler');
const { readLearner } = await import('../../../functions/auth/learner-session');
const { purgeDueAccounts } = await import('../../../functions/services/account-deletion');
const { addAddress, getLearner, learnerKeys } = await import('../../../functions/data/learners');
type Reply = { statusCode: number; headers: Record<string, string>; body?: string; cookies?: string[] };
const call = async (input: Parameters<typeof httpEvent>[0]) => (await handler(httpEvent(input), context)) as Reply;
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams(fields).toString() });

/** A learner who signed in as two pool users (a second address verified, then signed in with), holding an added address. */
async function learnerWithEverything() {
  const learner = await unitLearner();
  const id = learner.account.id;
  const second = `second-user-${id}`;
  const stored = (await getLearner(id))!;
  aws.putItem({ ...learnerKeys.account(id), ...stored, subjects: [...stored.subjects, `subject-2-${id}`], signInUsers: [...stored.signInUsers!, second] });
  aws.putItem({ ...learnerKeys.subject(`subject-2-${id}`), learnerId: id });
  aws.signInUsers.add(`user-${id}`).add(second);
  await addAddress(id, { recipientKey: `key-${id}`, sealedEmail: 'sealed', verifiedAt: new Date().toISOString() });
  return { learner, id, users: [`user-${id}`, second] };
}

const leftOf = (id: string) => [
  ...aws.itemsUnder(`LEARNER#${id}`),
  ...aws.itemsUnder(`ADDRESS#key-${id}`),
  ...aws.itemsUnder('SUBJECT#').filter((s) => s.learnerId === id),
  ...aws.itemsUnder('SESSION#').filter((s) => s.learnerId === id),
];
const auditsOf = (id: string) => aws.itemsUnder('AUDIT#').filter((entry) => entry.path === `/learners/${id}`);

describe('deleting an account', () => {
  it("deletes the learner's users in the city's user pool with everything else, and says so in the audit log", async () => {
    const { learner, id, users } = await learnerWithEverything();
    const reply = await call({ path: '/account/delete', cookies: learner.cookies, ...form({ csrf: learner.csrf, confirm: 'yes' }) });
    expect(reply.statusCode).toBe(200);
    expect(aws.deletedUsers).toEqual(expect.arrayContaining(users.map((Username) => ({ UserPoolId: process.env[LEARNER_USER_POOL_ID_ENV], Username }))));
    for (const user of users) expect(aws.signInUsers.has(user)).toBe(false);
    expect(leftOf(id)).toEqual([]);
    expect(auditsOf(id)).toHaveLength(1);
    expect(auditsOf(id)[0]).toMatchObject({ role: 'learner', route: 'POST /account/delete' });
    expect(String(auditsOf(id)[0]!.note)).toMatch(/sign-in provider's users/);
  });

  it('treats a pool user that is gone already as deleted (a retry after the pool call went through)', async () => {
    const { learner, id, users } = await learnerWithEverything();
    aws.signInUsers.delete(users[0]!);
    const reply = await call({ path: '/account/delete', cookies: learner.cookies, ...form({ csrf: learner.csrf, confirm: 'yes' }) });
    expect(reply.statusCode).toBe(200);
    expect(leftOf(id)).toEqual([]);
  });

  it('finishes a deletion that failed at any step: the account signs nobody in meanwhile, and the purge completes it, with one audit entry', async () => {
    // Every write the deletion makes, failed in turn: both pool calls, the six deletes (session, two
    // identities, the address claim, the address, the account last) and the audit entry.
    const steps = [
      { operation: 'AdminDeleteUser' as const, nth: 1 },
      { operation: 'AdminDeleteUser' as const, nth: 2 },
      ...[1, 2, 3, 4, 5, 6].map((nth) => ({ operation: 'DeleteItem' as const, nth })),
      { operation: 'PutItem' as const, nth: 1, when: (input: { Item?: { pk?: string } }) => String(input.Item?.pk).startsWith('AUDIT#') },
    ];
    for (const step of steps) {
      const { learner, id, users } = await learnerWithEverything();
      aws.fail(step.operation, { nth: step.nth, ...('when' in step ? { when: step.when } : {}) });
      const reply = await call({ path: '/account/delete', cookies: learner.cookies, ...form({ csrf: learner.csrf, confirm: 'yes' }) });
      const label = `${step.operation} #${step.nth}`;
      expect(reply.statusCode, label).toBeGreaterThanOrEqual(500);
      expect((await getLearner(id))?.status, label).toBe('deleting');
      expect(await readLearner(httpEvent({ path: '/passport', cookies: learner.cookies })), label).toBeUndefined();

      expect(await purgeDueAccounts(new Date(Date.now() + 1000)), label).toEqual({ deleted: 1, failed: 0 });
      expect(leftOf(id), label).toEqual([]);
      for (const user of users) expect(aws.signInUsers.has(user), label).toBe(false);
      expect(auditsOf(id), label).toHaveLength(1);
    }
  });

});

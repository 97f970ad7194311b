// The scheduled purge, run with exactly its own grants (otherFunctionGrants.learnerPurge): an
// under-13's account whose guardian did not agree within 7 days of the last request disappears with
// everything it held (its pool user, addresses, identity, the claim uses held for it go back to their
// codes), and an audit entry says the city did it; a consented account, or one still inside its 7 days,
// stays. One account that cannot be deleted does not hold back the rest, and the next run deletes it.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('learnerPurge'));
import { describe, expect, it, vi } from 'vitest';
import { context } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';

const aws = new FakeAws();
const { handler } = await import('../../../functions/learners/purge');
const { purgeDueAccounts } = await import('../../../functions/services/account-deletion');
const { createLearner, putPendingClaim, learnerKeys } = await import('../../../functions/data/learners');
const { claimCodeKeys } = await import('../../../functions/data/claim-codes');
const { defaultSettings, newAccount } = await import('../../../functions/domain/learners');

const DAY = 24 * 60 * 60 * 1000;
let made = 0;

/** An under-13's account as setAgeBand leaves it, asked for consent `askedDaysAgo` (and again `againDaysAgo`), with a held claim. */
async function under13(options: { askedDaysAgo: number; againDaysAgo?: number; consented?: boolean }) {
  const id = `purgelearner${++made}`;
  const now = Date.now();
  const at = (days: number) => new Date(now - days * DAY).toISOString();
  const account = {
    ...newAccount(id, `subject-${id}`, `user-${id}`, new Date(now - options.askedDaysAgo * DAY)),
    status: options.consented ? ('active' as const) : ('awaiting-consent' as const),
    ageBand: 'under-13' as const,
    settings: defaultSettings('under-13'),
    guardian: {
      recipientKey: `guardian-${id}`,
      sealedEmail: 'sealed',
      requestedAt: at(options.askedDaysAgo),
      ...(options.againDaysAgo !== undefined ? { lastRequestedAt: at(options.againDaysAgo) } : {}),
      ...(options.consented ? { consentedAt: at(options.askedDaysAgo - 1) } : {}),
    },
  };
  await createLearner(account, { recipientKey: `key-${id}`, sealedEmail: 'sealed', verifiedAt: account.createdAt, signIn: true });
  aws.signInUsers.add(`user-${id}`);
  // A code scanned while waiting: its use is held for the child.
  const codeHash = `code-${id}`;
  aws.putItem({ ...claimCodeKeys.code(codeHash), setId: 'set', index: 0, uses: 1, usesPerCode: 1 });
  aws.putItem({ ...claimCodeKeys.use(codeHash, `key-${id}`), at: account.createdAt });
  await putPendingClaim(id, { codeHash, recipientKey: `key-${id}`, byGuardian: false, reservedAt: account.createdAt });
  return { id, codeHash };
}

const everythingOf = (id: string, codeHash: string) => [
  ...aws.itemsUnder(`LEARNER#${id}`),
  ...aws.itemsUnder(`ADDRESS#key-${id}`),
  ...aws.itemsUnder(`SUBJECT#subject-${id}`),
  ...aws.itemsUnder(`CLAIMCODE#${codeHash}`).filter((item) => item.sk !== 'CODE'),
];

describe('the learner purge', () => {
  it('deletes an unconsented under-13 account 7 days after the last request, with everything it held; keeps the others', async () => {
    const expired = await under13({ askedDaysAgo: 8 });
    const recent = await under13({ askedDaysAgo: 6 });
    const askedAgain = await under13({ askedDaysAgo: 10, againDaysAgo: 2 });
    const consented = await under13({ askedDaysAgo: 30, consented: true });

    await handler({}, context);

    expect(everythingOf(expired.id, expired.codeHash)).toEqual([]);
    expect(aws.signInUsers.has(`user-${expired.id}`)).toBe(false);
    // The held use went back to its code: another child can claim it.
    expect(aws.getItem(`CLAIMCODE#${expired.codeHash}`, 'CODE')?.uses).toBe(0);
    const audit = aws.itemsUnder('AUDIT#').find((entry) => entry.path === `/learners/${expired.id}`);
    expect(audit).toMatchObject({ role: 'city', route: 'scheduled learner purge' });
    expect(String(audit?.note)).toMatch(/did not agree within 7 days/);

    for (const kept of [recent, askedAgain, consented]) {
      expect(aws.getItem(`LEARNER#${kept.id}`, 'ACCOUNT'), kept.id).toBeDefined();
      expect(aws.signInUsers.has(`user-${kept.id}`), kept.id).toBe(true);
      expect(aws.getItem(`CLAIMCODE#${kept.codeHash}`, 'CODE')?.uses, kept.id).toBe(1);
    }
    // Consent takes the account out of the deletion index: nothing lists it.
    expect(aws.getItem(`LEARNER#${consented.id}`, 'ACCOUNT')?.gsi2pk).toBeUndefined();
    expect(aws.getItem(`LEARNER#${recent.id}`, 'ACCOUNT')?.gsi2pk).toBe(learnerKeys.deletionDue.partition());
  });

  it('deletes the rest when one account fails, fails the run (the alarm sees it), and deletes that one on the next run', async () => {
    const failing = await under13({ askedDaysAgo: 9 });
    const other = await under13({ askedDaysAgo: 9 });
    aws.fail('AdminDeleteUser', { when: (input: { Username?: string }) => input.Username === `user-${failing.id}`, nth: 1 });

    await expect(handler({}, context)).rejects.toThrow(/1 account\(s\) due for deletion could not be deleted/);
    expect(everythingOf(other.id, other.codeHash)).toEqual([]);
    expect(aws.getItem(`LEARNER#${failing.id}`, 'ACCOUNT')?.status).toBe('deleting');

    expect(await purgeDueAccounts()).toEqual({ deleted: 1, failed: 0 });
    expect(everythingOf(failing.id, failing.codeHash)).toEqual([]);
    expect(aws.itemsUnder('AUDIT#').filter((entry) => entry.path === `/learners/${failing.id}`)).toHaveLength(1);
  });

  it('does nothing when nothing is due (one Query of the index, no write)', async () => {
    await under13({ askedDaysAgo: 1 });
    const mark = aws.mark();
    expect(await purgeDueAccounts()).toEqual({ deleted: 0, failed: 0 });
    expect(aws.changedSince(mark)).toBe('');
  });
});

// Deleting learners on the local city, with its real counterparts: the learner signs in through the
// local provider (oidc-provider), deletes the account, and the provider forgets the address too (the
// same AdminDeleteUser call the pool gets in AWS, served by local/oidc.ts); an under-13's account
// whose guardian did not agree within 7 days is deleted by the city's own scheduled purge (every 2
// seconds on this tier's city), with its provider account, while a consented one stays.
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import { addressHolder, getLearner, updateLearner } from '../../functions/data/learners';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { localCitySecret } from '../support/local-learners';
import { linkIn, waitForMail } from '../support/mailbox';
import { signInLearner, type LearnerClient } from '../support/learner-sign-in';

const cityUrl = inject('cityUrl');
const mailboxUrl = inject('mailboxUrl');
const unique = () => randomBytes(5).toString('hex');
const DAY = 24 * 60 * 60 * 1000;

/** The addresses the local provider holds accounts for (its state file, as a restart reads it). */
const providerAccounts = () => Object.keys(JSON.parse(readFileSync(join(inject('dataDir'), 'demo', 'oidc', 'provider.json'), 'utf8')).accounts as Record<string, string>);
/** The account holding the learner's sign-in address (an account waiting for consent has no export to read it from). */
async function accountId(learner: LearnerClient): Promise<string> {
  const key = createHmac('sha256', deriveCityKey(localCitySecret(), 'recipient-keys')).update(learner.email.trim().toLowerCase()).digest('hex');
  const id = await addressHolder(key);
  if (!id) throw new Error(`No account holds ${learner.email}`);
  return id;
}

async function until(check: () => Promise<boolean>, what: string, ms = 25_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** An under-13 who named a guardian; the account's consent request moved `days` into the past, as if asked then. */
async function child(): Promise<{ learner: LearnerClient; id: string; guardian: string; since: number }> {
  const learner = await signInLearner(cityUrl, mailboxUrl, `child-${unique()}@example.org`);
  const guardian = `guardian-${unique()}@example.org`;
  const since = Math.floor(Date.now() / 1000) - 1;
  expect((await learner.post('/account/age-band', { ageBand: 'under-13', guardianEmail: guardian })).status).toBe(303);
  return { learner, id: await accountId(learner), guardian, since };
}

async function askedDaysAgo(id: string, days: number): Promise<void> {
  const account = (await getLearner(id))!;
  const at = new Date(Date.now() - days * DAY).toISOString();
  expect(await updateLearner({ ...account, guardian: { ...account.guardian!, requestedAt: at }, updatedAt: new Date().toISOString() }, account.updatedAt)).toBe(true);
}

describe('deleting learners on the local city', () => {
  it("deletes the learner's account at the local sign-in provider with the account; the address then starts afresh", async () => {
    const email = `leaving-${unique()}@example.org`;
    const learner = await signInLearner(cityUrl, mailboxUrl, email);
    expect((await learner.post('/account/age-band', { ageBand: '18-24' })).status).toBe(303);
    const id = await accountId(learner);
    expect(providerAccounts()).toContain(email);

    const deleted = await learner.post('/account/delete', { confirm: 'yes' });
    expect(deleted.status).toBe(200);
    expect(await getLearner(id)).toBeUndefined();
    expect(providerAccounts()).not.toContain(email);

    const again = await signInLearner(cityUrl, mailboxUrl, email);
    expect(again.landedOn).toBe('/account');
    expect(await accountId(again)).not.toBe(id);
  });

  it("purges an under-13's account 7 days after the consent request, on the city's own schedule, with its provider account; a consented one stays", async () => {
    const waiting = await child();
    const consented = await child();
    const link = new URL(linkIn(await waitForMail(mailboxUrl, consented.guardian, { since: consented.since }), '/guardian'));
    const agreed = await fetch(`${cityUrl}/guardian`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: new URL(cityUrl).origin },
      body: new URLSearchParams({ token: link.searchParams.get('token')!, action: 'consent' }).toString(),
    });
    expect(agreed.status).toBe(200);
    expect((await getLearner(consented.id))?.status).toBe('active');

    await askedDaysAgo(waiting.id, 8);
    await askedDaysAgo(consented.id, 8);
    await until(async () => (await getLearner(waiting.id)) === undefined, 'the purge to delete the unconsented account');
    expect(providerAccounts()).not.toContain(waiting.learner.email);
    expect((await waiting.learner.get('/passport')).status).toBe(303);

    // Two more runs of the schedule: the consented account is still there, and still signs in.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect((await getLearner(consented.id))?.status).toBe('active');
    expect(providerAccounts()).toContain(consented.learner.email);
    expect((await consented.learner.get('/passport')).status).toBe(200);
  }, 60_000);
});

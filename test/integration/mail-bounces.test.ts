// Bounces and complaints on the local city, through SES's mailbox simulator (local/ses-simulator.ts):
// a badge email to the simulator's bounce (or complaint) address is accepted by the local SES, which
// then hands the MailEvents function, in its own thread with its own grants, the SNS event AWS would;
// the address is suppressed (its recipient key, in the city's table), and the next badge awarded to it
// sends no mail, while the same award to an ordinary address, in the same moment, is emailed. Each run
// uses labelled simulator addresses of its own.
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { getOutboxEntry, mailBlock } from '../../functions/data/notifications';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { localCitySecret } from '../support/local-learners';
import { mailsTo, waitForMail } from '../support/mailbox';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const mailbox = inject('mailboxUrl');
const unique = () => randomBytes(5).toString('hex');
/** Emails go through the stream's notifications consumer, behind the rest of the tier's mail: seconds alone, minutes under load. */
const WAIT_MS = 240_000;

const api = async (method: string, path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
};

async function until<T>(check: () => Promise<T | undefined>, what: string, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const keyOf = (email: string) => createHmac('sha256', deriveCityKey(localCitySecret(), 'recipient-keys')).update(email.trim().toLowerCase()).digest('hex');
const award = async (badgeClassId: string, email: string) => (await api('POST', `/badge-classes/${badgeClassId}/awards`, { recipient: { email } })).id as string;

let first: string;
let second: string;
beforeAll(async () => {
  const make = async (name: string) => (await api('POST', '/badge-classes', { name: `${name} ${unique()}`, description: 'Came along.', criteria: { narrative: 'Was there.' } })).id as string;
  [first, second] = await Promise.all([make('Bounce test'), make('Bounce test, again')]);
}, 60_000);

describe("SES's bounces and complaints on the local city", () => {
  for (const [kind, reason] of [
    ['bounce', 'bounce'],
    ['complaint', 'complaint'],
  ] as const) {
    it(`suppresses an address after a ${kind}, and its next award sends no mail`, { timeout: 600_000 }, async () => {
      const address = `${kind}+${unique()}@simulator.amazonses.com`;
      const ordinary = `learner-${unique()}@example.org`;
      expect(await mailBlock(keyOf(address), 'central-library')).toBeUndefined();

      await award(first, address);
      // The local SES accepted the badge email (SES accepts mail to the simulator, then reports on it)...
      await waitForMail(mailbox, address, { timeoutMs: WAIT_MS });
      // ...and the MailEvents function, given SES's notification, suppressed the address.
      expect(await until(() => mailBlock(keyOf(address), 'central-library'), `the ${kind} to suppress ${address}`, 60_000)).toBe(reason);

      const [suppressed] = await Promise.all([award(second, address), award(second, ordinary)]);
      await waitForMail(mailbox, ordinary, { timeoutMs: WAIT_MS });
      // The consumer has dealt with the suppressed address's email too: its outbox item is gone, nothing sent.
      await until(async () => ((await getOutboxEntry(suppressed)) ? undefined : true), "the suppressed award's email to be dropped");
      expect(await mailsTo(mailbox, address)).toHaveLength(1);
    });
  }
});

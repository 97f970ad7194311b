// The badge emails of awards no provider asks for, on the local city, read from its mailbox: a learner
// with a passport earns the steps of a demo pathway (City Explorer, seeded by local/seed-pathways.ts;
// the steps awarded with notify: false, so that the only mail is the milestone's) and the milestone's
// email arrives, once; a learner claims a badge with a code and its email arrives, once, however often
// they scan.
await vi.hoisted(async () => (await import('../support/local-learners')).useLocalCityTable());
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it, vi } from 'vitest';
import type { TestLearner } from '../support/learner-fixture';
import { localLearner } from '../support/local-learners';
import { linkIn, mailsTo, waitForMail } from '../support/mailbox';

const base = inject('cityUrl');
const adminKey = inject('adminKey');
const providerKey = inject('providerKey');
const mailbox = inject('mailboxUrl');
/**
 * Emails go through the stream's notifications consumer, behind every other award's email of the tier
 * running at once (imports, batches): seconds alone, minutes under load. Generous, not a bound.
 */
const MAIL_WAIT_MS = 240_000;
/** Long enough for any redelivery or late second copy to have arrived too. */
const SETTLE_MS = 3_000;

const api = async (method: string, path: string, body?: unknown, key = adminKey) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, any>;
};

const postForm = (path: string, learner: TestLearner) =>
  fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: learner.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(base).origin }, body: `csrf=${encodeURIComponent(learner.csrf)}` });

const badgeClassesOf = (rule: Record<string, any>): string[] => (rule.type === 'badge-class' ? [rule.badgeClassId] : rule.type === 'group' ? rule.of.flatMap(badgeClassesOf) : []);
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

describe('emails of awards no provider asked for, in the local mailbox', () => {
  it('a milestone of a demo pathway is emailed to the learner’s passport address, once', { timeout: 360_000 }, async () => {
    const email = `explorer-${randomBytes(4).toString('hex')}@example.org`;
    await localLearner(email);
    const pathways = (await api('GET', '/pathways?limit=100')).items as { id: string; name: string }[];
    const explorer = pathways.find((p) => p.name === 'City Explorer');
    expect(explorer, 'the demo city seeds City Explorer').toBeDefined();
    const pathway = await api('GET', `/pathways/${explorer!.id}`);
    const milestone = await api('GET', `/badge-classes/${pathway.milestoneBadgeClassId}`);
    // Every step (three from different skill groups are enough): as the city admin, who may award any class.
    for (const badgeClassId of badgeClassesOf(pathway.rule)) await api('POST', `/badge-classes/${badgeClassId}/awards`, { recipient: { email }, notify: false });

    const mail = await waitForMail(mailbox, email, { subject: new RegExp(milestone.name), timeoutMs: MAIL_WAIT_MS });
    const badge = new URL(linkIn(mail, '/badges/'));
    const awardId = badge.pathname.split('/')[2]!;
    const held = (await api('GET', `/badge-classes/${pathway.milestoneBadgeClassId}/awards?limit=100`)).items as { id: string }[];
    expect(held.map((a) => a.id)).toContain(awardId);
    expect(linkIn(mail, '/passport/add')).toContain('token=');
    await settle();
    expect(await mailsTo(mailbox, email)).toHaveLength(1);
  });

  it('a claimed badge is emailed to the claimant, once however often they scan', { timeout: 360_000 }, async () => {
    const run = randomBytes(4).toString('hex');
    const email = `claimant-${run}@example.org`;
    const learner = await localLearner(email);
    const badgeClass = await api('POST', '/badge-classes', { name: `Open day ${run}`, description: 'Came to the open day.', criteria: { narrative: 'Scanned the code.' } }, providerKey);
    const set = await api('POST', `/badge-classes/${badgeClass.id}/claim-codes`, { kind: 'list', count: 1, label: 'Open day' }, providerKey);
    const code = set.claimCodes[0].code as string;
    expect((await postForm(`/claim/${code}`, learner)).status).toBe(200);
    const mail = await waitForMail(mailbox, email, { subject: new RegExp(`Open day ${run}`), timeoutMs: MAIL_WAIT_MS });
    expect(mail.text).toContain('/badges/');
    expect((await postForm(`/claim/${code}`, learner)).status).toBe(200);
    await settle();
    expect(await mailsTo(mailbox, email)).toHaveLength(1);
  });
});

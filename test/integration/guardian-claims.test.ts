// Claim codes and children under 13 on the local city: a child whose guardian has not agreed yet
// scans a code, and the use is held for them (no badge: the account can hold nothing yet); when the
// guardian agrees, the stream's held-claims consumer claims it and the badge is in the child's
// passport. A `forGuardians` code is claimed by the guardian, signed in with the address the child
// gave, for the child: a child cannot claim it, and a learner who is nobody's guardian has no child to
// choose.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { linkIn, waitForMail } from '../support/mailbox';
import { signInLearner, type LearnerClient } from '../support/learner-sign-in';

const cityUrl = inject('cityUrl');
const mailboxUrl = inject('mailboxUrl');
const providerKey = inject('providerKey');
const unique = () => randomBytes(5).toString('hex');

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${cityUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

let badgeName: string;
let classId: string;
const codes = async (forGuardians: boolean, count = 1) => {
  const made = await api('POST', `/badge-classes/${classId}/claim-codes`, { kind: 'list', count, label: 'Family fun day', forGuardians });
  expect(made.status).toBe(201);
  return made.body.claimCodes.map((c: { code: string }) => c.code) as string[];
};

/** A child under 13 who named a guardian; the guardian's consent link from the mail. */
async function child(): Promise<{ learner: LearnerClient; guardian: string; consentToken: string }> {
  const learner = await signInLearner(cityUrl, mailboxUrl, `kid-${unique()}@example.org`);
  const guardian = `parent-${unique()}@example.org`;
  const since = Math.floor(Date.now() / 1000) - 1;
  expect((await learner.post('/account/age-band', { ageBand: 'under-13', guardianEmail: guardian })).status).toBe(303);
  const link = new URL(linkIn(await waitForMail(mailboxUrl, guardian, { since }), '/guardian'));
  return { learner, guardian, consentToken: link.searchParams.get('token')! };
}

const consent = (token: string) =>
  fetch(`${cityUrl}/guardian`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: new URL(cityUrl).origin },
    body: new URLSearchParams({ token, action: 'consent' }).toString(),
  });

const passportHolds = async (learner: LearnerClient) => (await (await learner.get('/passport')).text()).includes(badgeName);

beforeAll(async () => {
  badgeName = `Family fun day ${unique()}`;
  classId = (await api('POST', '/badge-classes', { name: badgeName, description: 'Came to the family fun day.', criteria: { narrative: 'Scanned the code.' } })).body.id;
}, 60_000);

describe('claim codes for children under 13', () => {
  it('holds a code scanned by a child waiting for consent, and claims it when the guardian agrees', async () => {
    const [code] = await codes(false);
    const kid = await child();
    const scanned = await kid.learner.post(`/claim/${code}`, {});
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain('Saved for you');
    // The use is the child's: the single-use code is used up for anyone else.
    const other = await signInLearner(cityUrl, mailboxUrl, `other-${unique()}@example.org`);
    await other.post('/account/age-band', { ageBand: '18-24' });
    expect((await other.post(`/claim/${code}`, {})).status).toBe(410);

    expect((await consent(kid.consentToken)).status).toBe(200);
    await until(() => passportHolds(kid.learner), "the held badge in the child's passport");
    // Scanning again after that changes nothing: the same badge, once.
    expect(await (await kid.learner.post(`/claim/${code}`, {})).text()).toContain('You already have this badge');
    const awards = await api('GET', `/badge-classes/${classId}/awards?limit=100`);
    expect(awards.body.items).toHaveLength(1);
  }, 90_000);

  it("lets the guardian, signed in with the address the child gave, claim a guardians' code for the child; not the child, not a stranger", async () => {
    const [code] = await codes(true);
    const kid = await child();
    expect((await consent(kid.consentToken)).status).toBe(200);

    // The child cannot claim a code meant for their guardian.
    expect((await kid.learner.post(`/claim/${code}`, {})).status).toBe(403);
    // A learner who is nobody's guardian has no child to choose.
    const stranger = await signInLearner(cityUrl, mailboxUrl, `stranger-${unique()}@example.org`);
    await stranger.post('/account/age-band', { ageBand: '25-plus' });
    expect(await (await stranger.get(`/claim/${code}`)).text()).toContain('no child linked');
    expect((await stranger.post(`/claim/${code}`, { child: 'somebody' })).status).toBe(400);

    const parent = await signInLearner(cityUrl, mailboxUrl, kid.guardian);
    expect((await parent.post('/account/age-band', { ageBand: '25-plus' })).status).toBe(303);
    const page = await (await parent.get(`/claim/${code}`)).text();
    const childId = /name="child" value="([^"]+)"[^>]*><label for="[^"]+">Under 13, account started/.exec(page)?.[1];
    expect(childId).toBeDefined();
    const claimed = await parent.post(`/claim/${code}`, { child: childId! });
    expect(claimed.status).toBe(200);
    expect(await claimed.text()).toContain('Claimed for your child');
    expect(await passportHolds(kid.learner)).toBe(true);
    expect(await passportHolds(parent)).toBe(false);
  }, 90_000);
});

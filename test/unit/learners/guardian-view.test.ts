// The guardian's view (GET /guardian, by the signed single-use link), on the in-memory AWS: while
// consent is awaited it lists the badges saved for the child (which badge, from whom, at which event,
// when, claimed by whom), so the guardian knows what agreeing releases; a badge whose code was withdrawn
// since is said not to arrive; it names no address and no child. After the guardian agrees, the held
// claims consumer gives the badges and the manage link lists nothing saved. A failed read shows no
// page and leaves the link working. The learners, claims and consumer functions each run with their own grants.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consumerGrants, groupGrants } from '../../../definitions/function-grants';
import { streamConsumers } from '../../../definitions/consumers';
import { addAddress, getLearner } from '../../../functions/data/learners';
import type { Principal } from '../../../functions/domain/api-keys';
import { createClaimSet, revokeClaimSetFor } from '../../../functions/services/claim-codes';
import { sealAddress } from '../../../functions/services/learner-addresses';
import { recipientKey } from '../../../functions/services/recipients';
import { context } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { loadFunction } from '../../support/function-env';
import { unitLearner } from '../../support/learners';
import { deliver, seedClasses, STEP_CLASSES, type StreamHandler } from '../../support/milestone-fixtures';
import { learnerEvent } from '../../support/passport-learners';
import { httpEvent } from '../../support/events';

const aws = new FakeAws();
const [A, B] = STEP_CLASSES;
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'p' };
type Reply = { statusCode: number; headers?: Record<string, string>; body?: string };
type HttpHandler = (event: ReturnType<typeof httpEvent>, ctx: typeof context) => Promise<Reply>;

const learners = (await loadFunction<{ handler: HttpHandler }>('functions/learners/handler.ts', groupGrants('learners'))).handler;
const claims = (await loadFunction<{ handler: HttpHandler }>('functions/claims/handler.ts', groupGrants('claims'))).handler;
const heldClaims = (await loadFunction<{ handler: StreamHandler }>(streamConsumers.heldClaims.entry, consumerGrants(streamConsumers.heldClaims))).handler;

const guardianPage = (token: string) => learners(httpEvent({ path: '/guardian', query: { token }, headers: { accept: 'text/html' } }), context);
const tokenIn = (text: string) => new URL(/https?:\/\/\S+\/guardian\?token=[\w.-]+/.exec(text)![0]).searchParams.get('token')!;

/** A child under 13 who gave `guardian` as their guardian's address: the child's browser and the guardian's consent token. */
async function childOf(guardian: string) {
  const child = await unitLearner({ status: 'new', ageBand: 'under-13' });
  const email = `child-${child.account.id}@example.org`;
  const key = await recipientKey(email);
  await addAddress(child.account.id, { recipientKey: key, sealedEmail: await sealAddress(email, key), verifiedAt: new Date().toISOString(), signIn: true });
  const asked = await learners(learnerEvent({ method: 'POST', path: '/account/age-band', form: { ageBand: 'under-13', guardianEmail: guardian } }, child), context);
  expect(asked.statusCode).toBe(303);
  const [mail] = aws.mailTo(guardian);
  return { child, email, token: tokenIn(mail!.text) };
}

const scan = async (child: Awaited<ReturnType<typeof unitLearner>>, code: string) => {
  const reply = await claims(learnerEvent({ method: 'POST', path: `/claim/${code}`, form: {} }, child), context);
  expect(reply.statusCode).toBe(200);
  expect(reply.body).toContain('Saved for you');
};

const listCode = async (badgeClassId: string, label: string) => {
  const { set, codes } = await createClaimSet(badgeClassId, { kind: 'list', count: 1, label, forGuardians: false }, principal, new Date());
  return { set, code: codes[0]! };
};

beforeEach(() => {
  aws.items.clear();
  aws.objects.clear();
  aws.clearFaults();
  aws.mails.length = 0;
  seedClasses(aws);
});

describe("the guardian's view of the badges saved for their child", () => {
  it('lists each saved badge by name, provider, event and date, and names no address', async () => {
    const guardian = 'parent-one@example.org';
    const { child, email, token } = await childOf(guardian);
    await scan(child, (await listCode(A, 'Family fun day')).code);
    await scan(child, (await listCode(B, 'Library summer reading')).code);

    const reply = await guardianPage(token);
    expect(reply.statusCode).toBe(200);
    const body = reply.body!;
    expect(body).toContain('Badges saved for your child');
    expect(body).toContain('When you agree, these badges go into their passport');
    for (const [name, event] of [
      ['Step 1', 'Family fun day'],
      ['Step 2', 'Library summer reading'],
    ]) {
      expect(body).toMatch(new RegExp(`<strong>${name}</strong>, a badge from Central Library<br>\\s*Event: ${event}\\. Saved on <time datetime="[^"]+">\\d{1,2} \\w+ \\d{4}</time>, claimed by your child\\.`));
    }
    expect(body).toContain('When you agree, the 2 badges saved above go into your child’s passport.');
    expect(body).not.toContain('will not arrive');
    expect(body).not.toContain(email);
    expect(body).not.toContain(guardian);
  });

  it('says "none yet" while nothing is saved, and that a badge whose code was withdrawn since will not arrive', async () => {
    const { child, token } = await childOf('parent-two@example.org');
    expect((await guardianPage(token)).body).toContain('No badges are saved for your child at the moment.');
    const { set, code } = await listCode(A, 'Open day');
    await scan(child, code);
    await revokeClaimSetFor(set.id, principal, new Date());
    const withdrawn = (await guardianPage(token)).body!;
    expect(withdrawn).toContain('Central Library has since withdrawn this code, so this badge will not arrive.');
    expect(withdrawn).not.toContain('saved above');
  });

  it('gives the saved badges when the guardian agrees; the manage link then lists nothing saved', async () => {
    const guardian = 'parent-three@example.org';
    const { child, token } = await childOf(guardian);
    await scan(child, (await listCode(A, 'Family fun day')).code);
    const mark = aws.streamMark();
    const agreed = await learners(httpEvent({ method: 'POST', path: '/guardian', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ token, action: 'consent' }).toString() }), context);
    expect(agreed.statusCode).toBe(200);
    expect((await getLearner(child.account.id))?.status).toBe('active');
    const records: DynamoDBRecord[] = aws.streamRecords(mark, 'LEARNER#');
    expect(await deliver(heldClaims, records)).toEqual({ batchItemFailures: [] });
    expect(aws.itemsUnder('AWARD#').filter((a) => a.badgeClassId === A)).toHaveLength(1);

    const manage = tokenIn(aws.mailTo(guardian).at(-1)!.text);
    const body = (await guardianPage(manage)).body!;
    expect(body).toContain('What the city holds');
    expect(body).not.toContain('Badges saved for your child');
  });

  it('shows no page when the saved badges cannot be read, and the link still works afterwards', async () => {
    const { child, token } = await childOf('parent-four@example.org');
    await scan(child, (await listCode(A, 'Family fun day')).code);
    aws.fail('GetItem', { times: 1, when: (input) => JSON.stringify(input).includes('CLAIMCODE#') });
    expect((await guardianPage(token)).statusCode).toBeGreaterThanOrEqual(500);
    const again = await guardianPage(token);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('<strong>Step 1</strong>');
  });
});

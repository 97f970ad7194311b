// The signed-in learner, on the in-memory table: a session signs in only while it is live (idle and
// absolute expiry), ends at sign-out and everywhere at once; forms need this session's CSRF token and
// the city's origin; a browser that is not signed in is sent to sign in, anything else gets 401; an
// account that cannot act yet is held at its account page; the export holds the addresses in clear
// and deletion leaves nothing of the learner, with an audit entry.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('learners'));
import { describe, expect, it, vi } from 'vitest';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../functions/domain/learner-sessions';
import { httpEvent, context } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { unitLearner } from '../../support/learners';

const aws = new FakeAws();
const { handler } = await import('../../../functions/learners/handler');
const { readLearner, endEverySession } = await import('../../../functions/auth/learner-session');
type Reply = { statusCode: number; headers: Record<string, string>; body?: string; cookies?: string[] };
const call = async (input: Parameters<typeof httpEvent>[0]) => (await handler(httpEvent(input), context)) as Reply;
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams(fields).toString() });

describe('the learner session', () => {
  it('reads the learner while the session is live, and not after the idle or absolute expiry', async () => {
    const learner = await unitLearner();
    const event = httpEvent({ path: '/passport', cookies: learner.cookies });
    const now = Date.now();
    expect((await readLearner(event, new Date(now)))?.account.id).toBe(learner.account.id);
    expect(await readLearner(event, new Date(now + SESSION_IDLE_MS + 1000))).toBeUndefined();
    expect(await readLearner(event, new Date(now + SESSION_ABSOLUTE_MS + 1000))).toBeUndefined();
    expect(await readLearner(httpEvent({ path: '/passport', cookies: ['learner-session=forged'] }))).toBeUndefined();
  });

  it('sends a browser that is not signed in to sign in, coming back; answers anything else 401', async () => {
    const page = await call({ path: '/passport', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/\/sign-in\?next=%2Fpassport$/);
    expect((await call({ path: '/account/export' })).statusCode).toBe(401);
  });

  it('refuses a form without this session’s CSRF token, or from another origin, and changes nothing', async () => {
    const learner = await unitLearner();
    const other = await unitLearner();
    const mark = aws.mark();
    for (const fields of [{}, { csrf: other.csrf }, { csrf: 'x'.repeat(43) }] as Record<string, string>[]) {
      expect((await call({ path: '/account/delete', cookies: learner.cookies, ...form({ ...fields, confirm: 'yes' }) })).statusCode).toBe(403);
    }
    const crossSite = form({ csrf: learner.csrf, confirm: 'yes' });
    expect((await call({ path: '/account/delete', cookies: learner.cookies, ...crossSite, headers: { ...crossSite.headers, origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect(aws.changedSince(mark)).toBe('');
  });

  it('holds an account with no age band at its account page', async () => {
    const learner = await unitLearner({ status: 'new' });
    const reply = await call({ path: '/passport', cookies: learner.cookies, headers: { accept: 'text/html' } });
    expect(reply.statusCode).toBe(303);
    expect(reply.headers.location).toMatch(/\/account$/);
  });

  it('ends every session of the learner at once', async () => {
    const learner = await unitLearner();
    const reply = await call({ path: '/sign-out', cookies: learner.cookies, ...form({ csrf: learner.csrf, everywhere: 'yes' }) });
    expect(reply.statusCode).toBe(303);
    expect(reply.cookies?.[0]).toMatch(/Max-Age=0/);
    expect(await readLearner(httpEvent({ path: '/passport', cookies: learner.cookies }))).toBeUndefined();
    expect(await endEverySession(learner.account.id)).toBe(0);
  });

  it('mails a code to an added address, never logging or storing it in clear', async () => {
    const learner = await unitLearner();
    const address = `second-${Date.now()}@example.org`;
    const reply = await call({ path: '/account/addresses', cookies: learner.cookies, ...form({ csrf: learner.csrf, email: address }) });
    expect(reply.statusCode).toBe(200);
    const [mail] = aws.mailTo(address);
    expect(mail?.text).toMatch(/^\s+\d{6}$/m);
    expect(JSON.stringify([...aws.items.values()])).not.toContain(address);
  });

  it('deletes the account and everything of it at once, with an audit entry, and the session with it', async () => {
    const learner = await unitLearner();
    const reply = await call({ path: '/account/delete', cookies: learner.cookies, ...form({ csrf: learner.csrf, confirm: 'yes' }) });
    expect(reply.statusCode).toBe(200);
    expect(aws.itemsUnder(`LEARNER#${learner.account.id}`)).toEqual([]);
    expect(await readLearner(httpEvent({ path: '/passport', cookies: learner.cookies }))).toBeUndefined();
    const audit = aws.itemsUnder('AUDIT#').find((entry) => String(entry.path).includes(learner.account.id));
    expect(audit?.note).toMatch(/Awards stay/);
  });
});

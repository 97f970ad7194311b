await vi.hoisted(async () => (await import('../support/function-env')).runAs('statusLists'));
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeList, getStatus } from '../../functions/domain/credentials/status-list';
import { handler } from '../../functions/status-lists/handler';
import { context, httpEvent, parseBody } from '../support/events';
import { FakeAws } from '../support/fake-aws';

let aws: FakeAws;
const provider = { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'a@library.example.org', createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z' };

beforeEach(() => {
  aws = new FakeAws();
  aws.putItem({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
});

describe('GET /status-lists/{issuerId}', () => {
  it('covers every index handed out, growing past the minimum length, with the revoked bits set', async () => {
    aws.putItem({ pk: 'STATUSLIST#central-library', sk: 'LIST', nextIndex: 200_000 });
    for (const sk of ['REVOKED#000000007', 'REVOKED#000150000']) aws.putItem({ pk: 'STATUSLIST#central-library', sk, awardId: 'a' });
    const reply = await handler(httpEvent({ path: '/status-lists/central-library' }), context);
    expect(reply.statusCode).toBe(200);
    const credential = parseBody(reply) as { issuer: string; credentialSubject: { encodedList: string }; proof: unknown[] };
    expect(credential.issuer).toBe('https://unit.example/issuers/central-library/profile');
    expect(credential.proof).toHaveLength(1);
    const list = decodeList(credential.credentialSubject.encodedList);
    expect(list.length * 8).toBe(262_144);
    expect([7, 150_000, 8, 199_999].map((i) => getStatus(list, i))).toEqual([true, true, false, false]);
  });

  it('answers 404 for an issuer that does not exist', async () => {
    expect((await handler(httpEvent({ path: '/status-lists/nobody-here' }), context)).statusCode).toBe(404);
  });
});

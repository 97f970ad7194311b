await vi.hoisted(async () => (await import('../support/function-env')).runAs('authorizer'));
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiKeyRecord } from '../../functions/domain/api-keys';
import { generateApiKey } from '../../functions/domain/api-keys';
import { authenticateKey } from '../../functions/auth/authenticate-key';
import { handler as authorizer } from '../../functions/authorizer/handler';
import { authorise, currentPrincipal } from '../../functions/http/authenticated-route';
import { parseCityKeyring, versionedKeys } from '../../functions/domain/city-keys';
import type { HttpHandler } from '../../functions/http/route';
import { authorizedEvent, context, httpEvent, parseBody } from '../support/events';
import { loadGroup, unitResources } from '../support/function-env';

const ddb = mockClient(DynamoDBDocumentClient);
const hashKey = versionedKeys(parseCityKeyring(unitResources.citySecret), 'api-key-hashes');
// A route function of its own, with its own grants.
const { handler: issuers } = await loadGroup<{ handler: HttpHandler }>('issuers');

function storedKey(overrides: Partial<ApiKeyRecord> = {}) {
  const key = generateApiKey(hashKey);
  const record: ApiKeyRecord = {
    prefix: key.prefix,
    secretHash: key.secretHash,
    role: 'provider',
    providerId: 'central-library',
    scopes: ['profile:write'],
    label: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
  ddb.on(GetCommand, { Key: { pk: `APIKEY#${key.prefix}`, sk: 'KEY' } }).resolves({ Item: record });
  return { token: key.token, record };
}

beforeEach(() => {
  ddb.reset();
  ddb.on(UpdateCommand).resolves({});
});

const authenticate = async (header: string | undefined, now?: Date) => (await authenticateKey(header, now)).principal;

describe('authenticateKey (the authorizer\'s check)', () => {
  it('turns a valid key into its principal, reading the record consistently', async () => {
    const { token, record } = storedKey();
    await expect(authenticate(`Bearer ${token}`)).resolves.toEqual({ role: 'provider', providerId: 'central-library', scopes: ['profile:write'], keyPrefix: record.prefix });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it.each([
    ['no header', undefined, /needs an API key/],
    ['another scheme', 'Basic dXNlcjpwYXNz', /does not hold an API key/],
    ['a malformed key', 'Bearer col_short_x', /does not hold an API key/],
  ])('rejects %s', async (_label, header, message) => {
    await expect(authenticate(header)).rejects.toMatchObject({ kind: 'unauthenticated', message: expect.stringMatching(message) });
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('rejects unknown, wrong-secret, revoked and expired keys', async () => {
    ddb.on(GetCommand).resolves({});
    const unknown = generateApiKey(hashKey).token;
    await expect(authenticate(`Bearer ${unknown}`)).rejects.toMatchObject({ message: 'The API key is not valid' });

    const { token } = storedKey();
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(authenticate(`Bearer ${forged}`)).rejects.toMatchObject({ message: 'The API key is not valid' });

    const revoked = storedKey({ revokedAt: '2026-02-01T00:00:00Z' });
    await expect(authenticate(`Bearer ${revoked.token}`)).rejects.toMatchObject({ message: 'The API key has been revoked' });

    const expired = storedKey({ validUntil: '2026-03-01T00:00:00Z' });
    await expect(authenticate(`Bearer ${expired.token}`, new Date('2026-03-01T00:00:01Z'))).rejects.toMatchObject({ message: 'The API key has expired' });
    await expect(authenticate(`Bearer ${expired.token}`, new Date('2026-02-28T00:00:00Z'))).resolves.toMatchObject({ role: 'provider' });
  });
});

describe('the API key authorizer', () => {
  const authorizerEvent = (authorization: string) => ({ headers: { authorization }, routeKey: 'PATCH /issuers/{issuerId}', requestContext: { requestId: 'req-1' } }) as never;

  it('answers with the key as string context values, never the secret', async () => {
    const { token, record } = storedKey({ scopes: ['profile:write', 'badges:issue'], validUntil: '2030-01-01T00:00:00.000Z' });
    const result = await authorizer(authorizerEvent(`Bearer ${token}`));
    expect(result).toEqual({
      isAuthorized: true,
      context: { verdict: 'valid', role: 'provider', providerId: 'central-library', scopes: 'profile:write badges:issue', keyPrefix: record.prefix, validUntil: '2030-01-01T00:00:00.000Z', checkedForRequest: 'req-1' },
    });
    expect(JSON.stringify(result)).not.toContain(token.slice(-20));
  });

  it('lets an invalid key through with its reason, for the function to answer 401 problem+json', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(authorizer(authorizerEvent(`Bearer ${generateApiKey(hashKey).token}`))).resolves.toEqual({
      isAuthorized: true,
      context: { verdict: 'invalid', detail: 'The API key is not valid' },
    });
  });

  it('fails (a gateway 500, nothing cached) when the table cannot be read', async () => {
    ddb.on(GetCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(authorizer(authorizerEvent(`Bearer ${generateApiKey(hashKey).token}`))).rejects.toThrow(/Throughput/);
  });
});

describe('the function side of an authenticated route', () => {
  // The gateway's cached answer, handed to a later request.
  const laterRequest = (event: Awaited<ReturnType<typeof authorizedEvent>>) => ({ ...event, requestContext: { ...event.requestContext, requestId: 'req-unit-later' } });

  it('refuses, at once, a key revoked after the authorizer cached its answer', async () => {
    const { token, record } = storedKey();
    const event = await authorizedEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: `Bearer ${token}` } });
    await expect(currentPrincipal(laterRequest(event))).resolves.toMatchObject({ keyPrefix: record.prefix });
    ddb.on(GetCommand, { Key: { pk: `APIKEY#${record.prefix}`, sk: 'KEY' } }).resolves({ Item: { revokedAt: '2026-02-01T00:00:00Z' } });
    await expect(currentPrincipal(laterRequest(event))).rejects.toMatchObject({ kind: 'unauthenticated', message: 'The API key has been revoked' });
  });

  it('does not read the key again for the request the authorizer has just checked', async () => {
    const { token, record } = storedKey();
    const event = await authorizedEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: `Bearer ${token}` } });
    const readsByAuthorizer = ddb.commandCalls(GetCommand).length;
    await expect(currentPrincipal(event)).resolves.toMatchObject({ keyPrefix: record.prefix });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(readsByAuthorizer);
    await currentPrincipal(laterRequest(event));
    expect(ddb.commandCalls(GetCommand)).toHaveLength(readsByAuthorizer + 1);
  });

  it('refuses a key that expired while the answer was cached', async () => {
    const inAMinute = Date.now() + 60_000;
    const { token } = storedKey({ validUntil: new Date(inAMinute).toISOString() });
    const event = laterRequest(await authorizedEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: `Bearer ${token}` } }));
    await expect(currentPrincipal(event, new Date(inAMinute - 1))).resolves.toMatchObject({ role: 'provider' });
    await expect(currentPrincipal(event, new Date(inAMinute + 1))).rejects.toMatchObject({ message: 'The API key has expired' });
  });

  it('fails closed when the route was deployed without the authorizer', async () => {
    const reply = await issuers(httpEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: 'Bearer x', 'content-type': 'application/json' }, body: '{"name":"x"}' }), context);
    expect(reply.statusCode).toBe(500);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('authorise', () => {
  const provider = { role: 'provider' as const, providerId: 'p', scopes: ['profile:write' as const], keyPrefix: 'x' };
  it('checks role, then every scope; city admins hold all scopes', () => {
    expect(() => authorise({ kind: 'authenticated', roles: ['city-admin'] }, provider)).toThrow(/for city-admin keys/);
    expect(() => authorise({ kind: 'authenticated', roles: ['provider'], scopes: ['badges:issue'] }, provider)).toThrow(/lacks the scope badges:issue/);
    expect(() => authorise({ kind: 'authenticated', roles: ['provider'], scopes: ['profile:write'] }, provider)).not.toThrow();
    expect(() =>
      authorise({ kind: 'authenticated', roles: ['city-admin'], scopes: ['badges:issue'] }, { role: 'city-admin', scopes: [], keyPrefix: 'y' }),
    ).not.toThrow();
  });
});

describe('an authenticated route', () => {
  it('answers 401 problem+json with WWW-Authenticate, and writes nothing', async () => {
    const reply = await issuers(
      await authorizedEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{"name":"x"}' }),
      context,
    );
    expect(reply.statusCode).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(parseBody(reply)).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it("hides another provider's issuer behind a 404", async () => {
    const { token } = storedKey({ providerId: 'youth-club' });
    const reply = await issuers(
      await authorizedEvent({ method: 'PATCH', path: '/issuers/central-library', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"name":"x"}' }),
      context,
    );
    expect(reply.statusCode).toBe(404);
    expect(ddb.commandCalls(UpdateCommand).filter((c) => c.args[0].input.Key?.pk === 'PROVIDER#central-library')).toHaveLength(0);
  });

  it('authenticates before it validates, so bad input from strangers learns nothing', async () => {
    const reply = await issuers(
      await authorizedEvent({ method: 'POST', path: '/issuers', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{"id":1}' }),
      context,
    );
    expect(reply.statusCode).toBe(401);
  });
});

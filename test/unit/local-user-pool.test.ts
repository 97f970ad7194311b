// The local sign-in provider's stand-in for the user pool API (local/oidc.ts): the real SDK client,
// pointed at it as the local city points every function, deletes a user by username (its sub) or by
// its email alias, as Cognito does; answers Cognito's errors for a user that is gone, another pool,
// an operation it does not serve and an unsigned request; and the deletion outlives a restart.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminDeleteUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { localUserPoolId } from '../../definitions/learner-sign-in';
import { freePort } from '../../local/child-process';
import { startLocalSignIn, type LocalSignIn } from '../../local/oidc';

const dir = mkdtempSync(join(tmpdir(), 'local-pool-'));
const file = join(import.meta.dirname, '../../cities/demo.json');
const config = parseCityConfig(JSON.parse(readFileSync(file, 'utf8')), file);
let provider: LocalSignIn;
let client: CognitoIdentityProviderClient;
const accounts = () => (JSON.parse(readFileSync(join(dir, 'provider.json'), 'utf8')) as { accounts: Record<string, string> }).accounts;

const start = async () => {
  provider = await startLocalSignIn({ port: await freePort(), dataDir: dir, config, cityUrl: 'http://localhost:1', mailEndpoint: 'http://127.0.0.1:1' });
  client = new CognitoIdentityProviderClient({ endpoint: provider.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
};

beforeAll(async () => {
  // Two accounts as sign-ins leave them (address → sub), written before the provider starts.
  await start();
  await provider.stop();
  const state = JSON.parse(readFileSync(join(dir, 'provider.json'), 'utf8'));
  state.accounts = { 'ada@example.org': 'sub-ada', 'bo@example.org': 'sub-bo' };
  writeFileSync(join(dir, 'provider.json'), JSON.stringify(state));
  await start();
}, 30_000);

afterAll(async () => {
  client.destroy();
  await provider.stop();
  rmSync(dir, { recursive: true, force: true });
});

const deleteUser = (Username: string, UserPoolId = provider.userPoolId) => client.send(new AdminDeleteUserCommand({ UserPoolId, Username }));

describe('the local user pool API', () => {
  it('is the city’s pool, by its local id', () => {
    expect(provider.userPoolId).toBe(localUserPoolId(config.id));
  });

  it('deletes a user by its username (the sub), then answers UserNotFoundException for it', async () => {
    await expect(deleteUser('sub-ada')).resolves.toBeDefined();
    expect(accounts()).toEqual({ 'bo@example.org': 'sub-bo' });
    await expect(deleteUser('sub-ada')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('deletes a user by its email alias, as the pool takes either', async () => {
    await deleteUser('Bo@Example.org');
    expect(accounts()).toEqual({});
  });

  it('refuses another pool, another operation and an unsigned request, as Cognito does', async () => {
    await expect(deleteUser('anyone', 'eu-west-2_other')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new AdminGetUserCommand({ UserPoolId: provider.userPoolId, Username: 'anyone' }))).rejects.toMatchObject({ name: 'UnknownOperationException' });
    const unsigned = await fetch(provider.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ UserPoolId: provider.userPoolId, Username: 'anyone' }),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ __type: 'UnrecognizedClientException' });
  });

  it('keeps a deletion across a restart', async () => {
    await provider.stop();
    await start();
    expect(accounts()).toEqual({});
  });
});

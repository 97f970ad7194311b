// Rotating the city's secret loses nothing: Secrets Manager's four steps (run here against a stateful
// stand-in for the service) add a version to the keyring, and everything made before the rotation (API
// keys, cursors, sealed names) still works after it in functions that read the new ring, while
// recipient keys and derived award ids do not change at all. A container that read the ring before the
// rotation reads it again when it meets a value made with the new version.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../../definitions/city-secret';
import { generateApiKey, parseApiKey, secretMatches } from '../../functions/domain/api-keys';
import { derivedAwardId } from '../../functions/domain/awards';
import { parseCityKeyring } from '../../functions/domain/city-keys';
import { decodeCursor, encodeCursor } from '../../functions/domain/cursors';
import { open, seal } from '../../functions/domain/sealed-text';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:CitySecret-abcdef';
// What Secrets Manager generated for the city before keyrings existed: 64 letters and digits.
const FIRST_SECRET = 'Q7fw2Lx9mZkP4rT8vB1nC6hJ3sD0gY5aE7uK2iO9pW4qX1zR8tV6bN3mL0cF5jH2';

/** Secrets Manager as the rotation protocol sees it: versions, their stages, and rotation on. */
class FakeSecretsManager {
  readonly values = new Map<string, string>([['v-first', FIRST_SECRET]]);
  readonly stages = new Map<string, string[]>([['v-first', ['AWSCURRENT']]]);
  readonly mock = mockClient(SecretsManagerClient);

  constructor() {
    this.mock.on(DescribeSecretCommand).callsFake(() => ({ RotationEnabled: true, VersionIdsToStages: Object.fromEntries(this.stages) }));
    this.mock.on(GetSecretValueCommand).callsFake((input: { VersionId?: string; VersionStage?: string }) => {
      const id = input.VersionId ?? [...this.stages].find(([, s]) => s.includes(input.VersionStage ?? 'AWSCURRENT'))?.[0];
      if (!id || !this.values.has(id) || (input.VersionStage && !this.stages.get(id)?.includes(input.VersionStage))) {
        throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      }
      return { SecretString: this.values.get(id) };
    });
    this.mock.on(PutSecretValueCommand).callsFake((input: { ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => {
      if (this.values.has(input.ClientRequestToken) && this.values.get(input.ClientRequestToken) !== input.SecretString) {
        throw Object.assign(new Error('version exists with another value'), { name: 'ResourceExistsException' });
      }
      this.values.set(input.ClientRequestToken, input.SecretString);
      this.stages.set(input.ClientRequestToken, input.VersionStages);
    });
    this.mock.on(UpdateSecretVersionStageCommand).callsFake((input: { VersionStage: string; MoveToVersionId: string; RemoveFromVersionId?: string }) => {
      if (input.RemoveFromVersionId) this.stages.set(input.RemoveFromVersionId, ['AWSPREVIOUS']);
      this.stages.set(input.MoveToVersionId, [input.VersionStage]);
    });
  }

  /** What `rotate-secret` starts: a pending version with no value yet, then the four steps. */
  async rotate(token: string, steps: readonly SecretsManagerRotationEvent['Step'][] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
    this.stages.set(token, ['AWSPENDING']);
    const { handler } = await import('../../functions/city-secret/handler');
    for (const step of steps) await handler({ Step: step, SecretId: SECRET_ID, ClientRequestToken: token });
  }

  current = () => parseCityKeyring(this.values.get([...this.stages].find(([, s]) => s.includes('AWSCURRENT'))![0])!);
}

/** A fresh function container: its own copy of the module that reads the secret. */
async function container() {
  vi.resetModules();
  return import('../../functions/auth/city-secret');
}

let secrets: FakeSecretsManager;
const saved = { ...process.env };
beforeEach(() => {
  secrets = new FakeSecretsManager();
  delete process.env[CITY_SECRET_ENV];
  process.env[CITY_SECRET_ARN_ENV] = SECRET_ID;
});
afterEach(() => {
  secrets.mock.restore();
  process.env = { ...saved };
  vi.useRealTimers();
});

describe("rotating the city's secret (Secrets Manager's four steps)", () => {
  it('adds one version to the keyring and keeps the first, which was the plain secret', async () => {
    await secrets.rotate('v-two');
    expect(secrets.current().versions).toEqual({ 1: FIRST_SECRET, 2: expect.stringMatching(/^[\w-]{43}$/) });
    await secrets.rotate('v-three');
    const ring = secrets.current();
    expect(Object.keys(ring.versions)).toEqual(['1', '2', '3']);
    expect(ring.versions[1]).toBe(FIRST_SECRET);
    expect(secrets.stages.get('v-two')).toEqual(['AWSPREVIOUS']);
  });

  it('is idempotent: a retried step makes no second version', async () => {
    await secrets.rotate('v-two', ['createSecret', 'createSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret', 'finishSecret']);
    expect(Object.keys(secrets.current().versions)).toEqual(['1', '2']);
  });

  it('refuses to finish a pending keyring that would lose a version', async () => {
    secrets.stages.set('v-bad', ['AWSPENDING']);
    secrets.values.set('v-bad', JSON.stringify({ versions: { 1: 'someone else entirely, not the first secret', 2: 'x'.repeat(43) } }));
    const { handler } = await import('../../functions/city-secret/handler');
    await expect(handler({ Step: 'testSecret', SecretId: SECRET_ID, ClientRequestToken: 'v-bad' })).rejects.toThrow(/would lose data: version 1/);
    expect(secrets.current().versions).toEqual({ 1: FIRST_SECRET });
  });

  it('refuses a version that is not pending, and does nothing for one already current', async () => {
    const { handler } = await import('../../functions/city-secret/handler');
    await expect(handler({ Step: 'createSecret', SecretId: SECRET_ID, ClientRequestToken: 'v-unknown' })).rejects.toThrow(/no stage/);
    await expect(handler({ Step: 'finishSecret', SecretId: SECRET_ID, ClientRequestToken: 'v-first' })).resolves.toBeUndefined();
    expect(secrets.mock).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
  });
});

describe('what was made before a rotation, after it', () => {
  it('API keys, cursors and sealed names still work; recipient keys and award ids are unchanged', async () => {
    const before = await container();
    const apiKey = generateApiKey(await before.cityKeys('api-key-hashes'));
    const cursor = encodeCursor({ pk: 'AWARD#a', sk: 'AWARD' }, await before.cityKeys('cursor-signatures'), 'awards:x');
    const sealed = seal('Ana Souza', await before.cityKeys('sealed-names'), 'award-1');
    const recipientKey = await before.cityKey('recipient-keys');
    const importIds = await before.cityKey('import-award-ids');
    const idempotentIds = await before.cityKey('idempotent-award-ids');

    await secrets.rotate('v-two');
    const after = await container();

    const { secret } = parseApiKey(apiKey.token)!;
    expect(secretMatches(secret, apiKey.secretHash, await after.cityKeys('api-key-hashes', ['1']))).toBe(true);
    expect(decodeCursor(cursor, await after.cityKeys('cursor-signatures', ['1']), 'awards:x')).toEqual({ pk: 'AWARD#a', sk: 'AWARD' });
    expect(open(sealed, await after.cityKeys('sealed-names', ['1']), 'award-1')).toBe('Ana Souza');
    expect(await after.cityKey('recipient-keys')).toEqual(recipientKey);
    expect(derivedAwardId(await after.cityKey('import-award-ids'), 'row')).toBe(derivedAwardId(importIds, 'row'));
    expect(derivedAwardId(await after.cityKey('idempotent-award-ids'), 'request')).toBe(derivedAwardId(idempotentIds, 'request'));

    // New values use the new version.
    const newKey = generateApiKey(await after.cityKeys('api-key-hashes'));
    expect(newKey.secretHash).toMatch(/^k2\./);
    expect(seal('Ana Souza', await after.cityKeys('sealed-names'), 'award-2')).toMatch(/^k2\./);
  });

  it('a container that read the ring before the rotation reads it again for a value of the new version', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const old = await container();
    await old.cityKeys('sealed-names');
    await secrets.rotate('v-two');
    const sealed = seal('Ana Souza', await (await container()).cityKeys('sealed-names'), 'award-1');
    expect(sealed).toMatch(/^k2\./);

    vi.setSystemTime(Date.now() + 2000);
    secrets.mock.resetHistory();
    expect(open(sealed, await old.cityKeys('sealed-names', ['2']), 'award-1')).toBe('Ana Souza');
    expect(secrets.mock).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    // A version no ring holds (a forged one) costs at most one read a second.
    await old.cityKeys('sealed-names', ['9']);
    await old.cityKeys('sealed-names', ['9']);
    expect(secrets.mock).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('a container writes with the new version within minutes, and keeps its ring if Secrets Manager fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const old = await container();
    expect((await old.cityKeys('api-key-hashes')).current.id).toBe('1');
    await secrets.rotate('v-two');
    vi.setSystemTime(Date.now() + 6 * 60 * 1000);
    expect((await old.cityKeys('api-key-hashes')).current.id).toBe('2');

    secrets.mock.on(GetSecretValueCommand).rejects(new Error('ServiceUnavailable'));
    vi.setSystemTime(Date.now() + 6 * 60 * 1000);
    expect((await old.cityKeys('api-key-hashes')).current.id).toBe('2');
  });
});

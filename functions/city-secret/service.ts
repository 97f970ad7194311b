// Rotating the city's secret in Secrets Manager, as its rotation protocol runs a rotation function:
// four steps, each retried by Secrets Manager until it succeeds, so each is idempotent. The new
// version of the secret is the old keyring with one new version added (functions/domain/city-keys.ts):
// nothing made before the rotation stops working. There is no external system holding the secret, so
// setSecret has nothing to do.
// Protocol: docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
import { randomBytes } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { parseCityKeyring, rotateCityKeyring, rotationProblem, serializeCityKeyring } from '../domain/city-keys';

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';

let secretsManager: SecretsManagerClient | undefined;
const client = () => (secretsManager ??= new SecretsManagerClient({}));

export type RotationStep = SecretsManagerRotationEvent['Step'];

/** Runs one step; returns what it did, for the log. */
export async function rotationStep({ Step: step, SecretId: secretId, ClientRequestToken: token }: SecretsManagerRotationEvent): Promise<string> {
  const described = await client().send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!described.RotationEnabled) throw new Error(`Rotation is not enabled for ${secretId}`);
  const stages = described.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`Version ${token} of ${secretId} has no stage: not a rotation of this secret`);
  if (stages.includes(CURRENT)) return `version ${token} is already current`;
  if (!stages.includes(PENDING)) throw new Error(`Version ${token} of ${secretId} is not pending rotation`);

  switch (step) {
    case 'createSecret':
      return createSecret(secretId, token);
    case 'setSecret':
      return 'nothing to set: the keyring lives only in the secret';
    case 'testSecret':
      return testSecret(secretId, token);
    case 'finishSecret':
      return finishSecret(secretId, token, described.VersionIdsToStages ?? {});
  }
}

const valueOf = async (secretId: string, version: { VersionStage: string } | { VersionId: string; VersionStage: string }) => {
  const { SecretString } = await client().send(new GetSecretValueCommand({ SecretId: secretId, ...version }));
  if (!SecretString) throw new Error(`${secretId} has no string value at ${JSON.stringify(version)}`);
  return SecretString;
};

async function createSecret(secretId: string, token: string): Promise<string> {
  const current = parseCityKeyring(await valueOf(secretId, { VersionStage: CURRENT }));
  try {
    await valueOf(secretId, { VersionId: token, VersionStage: PENDING });
    return 'the pending version exists already';
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const next = rotateCityKeyring(current, randomBytes(32).toString('base64url'));
  // The token makes the put idempotent: a retried step cannot make a second pending version.
  await client().send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: serializeCityKeyring(next), VersionStages: [PENDING] }));
  return `made version ${Object.keys(next.versions).length} of the keyring`;
}

async function testSecret(secretId: string, token: string): Promise<string> {
  const current = parseCityKeyring(await valueOf(secretId, { VersionStage: CURRENT }));
  const pending = parseCityKeyring(await valueOf(secretId, { VersionId: token, VersionStage: PENDING }));
  const problem = rotationProblem(current, pending);
  if (problem) throw new Error(`The pending keyring would lose data: ${problem}`);
  return 'the pending keyring keeps every version and adds one';
}

async function finishSecret(secretId: string, token: string, versions: Record<string, string[]>): Promise<string> {
  const previous = Object.entries(versions).find(([, stages]) => stages.includes(CURRENT))?.[0];
  await client().send(
    new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: CURRENT, MoveToVersionId: token, ...(previous ? { RemoveFromVersionId: previous } : {}) }),
  );
  return `version ${token} is now current`;
}

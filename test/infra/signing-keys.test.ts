// A city with several signing keys (signing.keys): a KMS key per entry, k1 where the one key always
// was, the compromised one disabled and unreachable, Sign only on the active key, the public keys of
// the active and kept keys readable by exactly the signing functions, and cdk-nag clean.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { KEPT_SIGNING_KEY_IDS_ENV, SIGNING_KEY_ID_ENV } from '../../definitions/signing';
import { groupGrants, otherFunctionGrants } from '../../definitions/function-grants';
import { routeGroups, type RouteGroupName } from '../../definitions/routes';
import { streamConsumers } from '../../definitions/consumers';
import { demoJson, synthCities, type SynthesisedCities } from './synth';
import type { Template } from 'aws-cdk-lib/assertions';
import { WORKER_DESCRIPTION } from '../../lib/constructs/import-jobs';

type Resource = { Type: string; Properties: Record<string, any> };

const config = parseCityConfig(
  {
    ...demoJson(),
    id: 'keyring',
    signing: {
      keys: [
        { id: 'k1', status: 'compromised' },
        { id: 'k2', status: 'kept' },
        { id: 'k3', status: 'active' },
      ],
    },
  },
  'test: a city on its third key',
);

let synth: SynthesisedCities;
let t: Template;
beforeAll(() => {
  synth = synthCities([config]);
  t = synth.template(synth.stacks[0]!);
}, 600_000);

const resources = (type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
const signingKeys = () => resources('AWS::KMS::Key').filter(([, key]) => key.Properties.KeySpec === 'ECC_NIST_EDWARDS25519');
const keyId = (id: string) => signingKeys().find(([, key]) => String(key.Properties.Description).includes(`key ${id}:`))![0];
const arnOf = (id: string) => ({ 'Fn::GetAtt': [keyId(id), 'Arn'] });

/** What the functions that sign are (definitions/function-grants.ts), by description. */
const signingDescriptions = [
  ...(Object.keys(routeGroups) as RouteGroupName[]).filter((name) => groupGrants(name).signs).map((name) => routeGroups[name].description),
  ...Object.values(streamConsumers).filter((consumer) => 'signs' in consumer && consumer.signs).map((consumer) => consumer.description),
];

describe('a city on its third key', () => {
  it('has a KMS key per listed key: Ed25519, retained like the data, k1 under the id the one key always had', () => {
    expect(signingKeys()).toHaveLength(3);
    for (const [, key] of signingKeys()) expect(key.Properties.KeyUsage).toBe('SIGN_VERIFY');
    // The logical id a city's one key has always had (the construct path SigningKey/Key).
    expect(keyId('k1')).toMatch(/^SigningKey[0-9A-F]{8}$/);
    expect(keyId('k3')).toMatch(/^SigningKeyKeyk3[0-9A-F]{8}$/);
  });

  it('disables the compromised key; the others stay enabled', () => {
    const enabled = Object.fromEntries(['k1', 'k2', 'k3'].map((id) => [id, signingKeys().find(([key]) => key === keyId(id))![1].Properties.Enabled ?? true]));
    expect(enabled).toEqual({ k1: false, k2: true, k3: true });
  });

  it('gives exactly the signing functions the active key and the kept ones, and Sign only on the active key', () => {
    const functions = resources('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.[SIGNING_KEY_ID_ENV] !== undefined);
    expect(functions.map(([, fn]) => fn.Properties.Description).sort()).toEqual([...signingDescriptions, WORKER_DESCRIPTION].sort());
    expect(Object.keys(otherFunctionGrants).filter((name) => 'signs' in otherFunctionGrants[name as keyof typeof otherFunctionGrants])).toEqual(['importWorker']);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment.Variables[SIGNING_KEY_ID_ENV]).toEqual(arnOf('k3'));
      // One kept key: the comma-joined list is its ARN alone.
      expect(fn.Properties.Environment.Variables[KEPT_SIGNING_KEY_IDS_ENV]).toEqual(arnOf('k2'));
    }
    const kmsStatements = resources('AWS::IAM::Policy')
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[])
      .filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('kms:')) && JSON.stringify(statement.Resource).includes('SigningKey'));
    expect(kmsStatements.length).toBe(functions.length * 2);
    for (const statement of kmsStatements) {
      if ([statement.Action].flat().includes('kms:Sign')) expect(statement).toMatchObject({ Action: ['kms:GetPublicKey', 'kms:Sign'], Resource: arnOf('k3') });
      else expect(statement).toMatchObject({ Action: 'kms:GetPublicKey', Resource: arnOf('k2') });
    }
    expect(JSON.stringify(resources('AWS::IAM::Policy'))).not.toContain(keyId('k1'));
    expect(JSON.stringify(resources('AWS::Lambda::Function'))).not.toContain(keyId('k1'));
  });

  it('outputs every key’s ARN, for the re-signing script and CloudTrail searches', () => {
    const outputs = t.findOutputs('*');
    for (const id of ['k1', 'k2', 'k3']) expect(outputs[`SigningKey${id.toUpperCase()}Arn`]?.Value).toEqual(arnOf(id));
  });

  it('is cdk-nag clean', () => {
    expect(synth.nagFindings).toEqual([]);
  });
});

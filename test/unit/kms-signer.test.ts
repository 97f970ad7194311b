// In AWS the city's key lives in KMS: the signer must ask KMS for exactly an Ed25519 signature of the
// Data Integrity hash data, and publish the key KMS holds. KMS is mocked by a local key here; the
// credential it signs must verify.
import { generateKeyPairSync, sign } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildControllerDocument, controllerDocumentResolver } from '../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../functions/domain/credentials/document-loader';
import { publicKeyMultibase } from '../../functions/domain/credentials/multikey';
import { signCredential } from '../../functions/domain/credentials/sign';
import { verifyCredential } from '../../functions/domain/credentials/verify';

const kms = mockClient(KMSClient);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const controller = 'https://city.example/issuers/central-library/profile';
const saved = { ...process.env };

beforeAll(() => {
  delete process.env.SIGNING_KEY_PEM;
  process.env.SIGNING_KEY_ID = 'arn:aws:kms:eu-west-2:123456789012:key/test';
  kms.on(GetPublicKeyCommand).resolves({ PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) });
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({ Signature: new Uint8Array(sign(null, input.Message, privateKey)) }));
  vi.resetModules();
});
afterAll(() => {
  process.env = saved;
  vi.resetModules();
});

describe('the KMS-backed city signer', () => {
  it('signs through KMS Sign (ED25519_SHA_512, RAW) and the result verifies against the published key', async () => {
    const { citySigner, cityPublicKeyMultibase } = await import('../../functions/signing/city-key');
    expect(await cityPublicKeyMultibase()).toBe(publicKeyMultibase(publicKey));
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: controller,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'urn:uuid:1b7c1c5e-0000-4000-8000-000000000000' },
    };
    const loader = createDocumentLoader({ resolve: controllerDocumentResolver(buildControllerDocument(controller, publicKeyMultibase(publicKey))) });
    const signed = await signCredential(credential, await citySigner(controller), loader);
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: process.env.SIGNING_KEY_ID, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' });
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 1);
    const report = await verifyCredential(signed, loader);
    expect(report.checks.find((c) => c.check === 'proof')?.passed).toBe(true);
  });

  it('counts a failed KMS Sign call (the Signing-Errors alarm) and passes the error on', async () => {
    const { citySigner } = await import('../../functions/signing/city-key');
    const { flushMetrics } = await import('../../functions/http/observability');
    const { logger } = await import('../../functions/http/logger');
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    kms.on(SignCommand).rejects(throttled);
    const signer = await citySigner(controller);
    await expect(signer.sign({ data: new Uint8Array([1, 2, 3]) })).rejects.toThrow('Rate exceeded');
    const info = vi.spyOn(logger, 'info');
    flushMetrics();
    expect(info).toHaveBeenCalledWith('metrics', { metrics: expect.objectContaining({ SigningErrors: 1 }) });
  });
});

describe('a kept KMS key beside the active one', () => {
  const kept = generateKeyPairSync('ed25519');
  const KEPT_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/kept';

  it('publishes both public keys (active first), read from KMS once each, and signs with the active key only', async () => {
    process.env.KEPT_SIGNING_KEY_IDS = KEPT_ARN;
    vi.resetModules();
    kms.reset();
    kms.on(GetPublicKeyCommand, { KeyId: process.env.SIGNING_KEY_ID }).resolves({ PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })) });
    kms.on(GetPublicKeyCommand, { KeyId: KEPT_ARN }).resolves({ PublicKey: new Uint8Array(kept.publicKey.export({ format: 'der', type: 'spki' })) });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({ Signature: new Uint8Array(sign(null, input.Message, privateKey)) }));
    const { citySigner, publishedPublicKeys } = await import('../../functions/signing/city-key');
    expect(await publishedPublicKeys()).toEqual([publicKeyMultibase(publicKey), publicKeyMultibase(kept.publicKey)]);
    expect(await publishedPublicKeys()).toHaveLength(2);
    expect(kms).toHaveReceivedCommandTimes(GetPublicKeyCommand, 2);
    await (await citySigner(controller)).sign({ data: new Uint8Array(64) });
    expect(kms).toHaveReceivedCommandTimes(SignCommand, 1);
    expect(kms).toHaveReceivedCommandWith(SignCommand, { KeyId: process.env.SIGNING_KEY_ID });
    expect(kms).not.toHaveReceivedCommandWith(SignCommand, { KeyId: KEPT_ARN });
    delete process.env.KEPT_SIGNING_KEY_IDS;
  });
});

// The city's signing keys, whoever holds them: KMS keys (ECC_NIST_EDWARDS25519, SIGN_VERIFY) in AWS,
// where signing is a KMS call and the private key never leaves KMS; a PEM from .local/ on the local
// city. The active key signs; every issuer profile publishes it and the kept keys (definitions/signing.ts)
// as Multikeys under its own id, so that what a kept key signed keeps verifying.
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { verificationMethodId } from '../domain/credentials/controller-document';
import { publicKeyMultibase } from '../domain/credentials/multikey';
import { localEd25519Signer, localPublicKeyMultibase, type Signer } from '../domain/credentials/signer';
import { KEPT_SIGNING_KEY_IDS_ENV, KEPT_SIGNING_PUBLIC_KEYS_ENV, SIGNING_KEY_ID_ENV, SIGNING_KEY_PEM_ENV } from '../../definitions/signing';
import { countSigningError } from '../http/observability';

const localPem = process.env[SIGNING_KEY_PEM_ENV];
const kmsKeyId = process.env[SIGNING_KEY_ID_ENV];
const list = (value: string | undefined) => (value ?? '').split(',').filter((item) => item !== '');
const keptKmsKeyIds = list(process.env[KEPT_SIGNING_KEY_IDS_ENV]);
const keptLocalKeys = list(process.env[KEPT_SIGNING_PUBLIC_KEYS_ENV]);
const kms = kmsKeyId ? new KMSClient({}) : undefined;

/** A KMS key's public key as multibase (KMS GetPublicKey gives DER SPKI). */
async function kmsPublicKey(keyId: string): Promise<string> {
  const { PublicKey } = await kms!.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error('KMS returned no public key');
  return publicKeyMultibase(createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }));
}

/** Read once per container; a failure is not kept, so the next call asks again. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The active key's public key as multibase. */
export const cityPublicKeyMultibase = once(async () => {
  if (localPem) return localPublicKeyMultibase(localPem);
  if (!kms) throw new Error(`Neither ${SIGNING_KEY_PEM_ENV} nor ${SIGNING_KEY_ID_ENV} is set`);
  return kmsPublicKey(kmsKeyId!);
});

/** Every key the issuer profiles publish: the active one first, then the kept ones. */
export const publishedPublicKeys = once(async () => [
  await cityPublicKeyMultibase(),
  ...(localPem ? keptLocalKeys : await Promise.all(keptKmsKeyIds.map(kmsPublicKey))),
]);

/** A signer whose verification method is listed by the issuer profile at `controller`. */
export async function citySigner(controller: string): Promise<Signer> {
  const id = verificationMethodId(controller, await cityPublicKeyMultibase());
  if (localPem) return localEd25519Signer(localPem, id);
  return {
    id,
    algorithm: 'Ed25519',
    sign: async ({ data }) => {
      let Signature: Uint8Array | undefined;
      try {
        ({ Signature } = await kms!.send(new SignCommand({ KeyId: kmsKeyId, Message: data, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' })));
      } catch (error) {
        countSigningError(error);
      }
      if (!Signature) throw new Error('KMS returned no signature');
      return Signature;
    },
  };
}

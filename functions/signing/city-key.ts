// The city's signing key, whoever holds it: a KMS key (ECC_NIST_EDWARDS25519, SIGN_VERIFY) in AWS,
// where signing is a KMS call and the private key never leaves KMS; a PEM from .local/ on the local
// city. Each issuer's profile publishes the public key as a Multikey under its own id.
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { verificationMethodId } from '../domain/credentials/controller-document';
import { publicKeyMultibase } from '../domain/credentials/multikey';
import { localEd25519Signer, localPublicKeyMultibase, type Signer } from '../domain/credentials/signer';
import { SIGNING_KEY_ID_ENV, SIGNING_KEY_PEM_ENV } from '../../definitions/signing';
import { countSigningError } from '../http/observability';

const localPem = process.env[SIGNING_KEY_PEM_ENV];
const kmsKeyId = process.env[SIGNING_KEY_ID_ENV];
const kms = kmsKeyId ? new KMSClient({}) : undefined;

let publicKey: Promise<string> | undefined;

/** The public key as multibase, read once per container (KMS GetPublicKey gives DER SPKI). */
export function cityPublicKeyMultibase(): Promise<string> {
  publicKey ??= (async () => {
    if (localPem) return localPublicKeyMultibase(localPem);
    if (!kms) throw new Error(`Neither ${SIGNING_KEY_PEM_ENV} nor ${SIGNING_KEY_ID_ENV} is set`);
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: kmsKeyId }));
    if (!PublicKey) throw new Error('KMS returned no public key');
    return publicKeyMultibase(createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }));
  })().catch((error: unknown) => {
    publicKey = undefined;
    throw error;
  });
  return publicKey;
}

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

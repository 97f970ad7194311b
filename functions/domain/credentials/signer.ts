// Who holds the issuer's private key differs by where the city runs: the local city keeps it in a
// file, AWS will keep it in KMS. Signing code only sees this interface.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { publicKeyMultibase } from './multikey';

/**
 * What the Data Integrity proof needs from a signer. For eddsa-rdfc-2022, `data` is the 64 bytes
 * sha256(canonical proof options) ‖ sha256(canonical credential), signed as they are (pure Ed25519,
 * no pre-hash), and the answer is the 64-byte signature. A KMS signer fits as it is: Sign with
 * SigningAlgorithm ED25519_SHA_512, MessageType RAW, Message `data` returns those 64 bytes.
 */
export interface Signer {
  /** The verification method URL that the proof names, e.g. `https://city.example/issuer#z6Mk…`. */
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

// PKCS#8 DER header for an Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Takes a PKCS#8 PEM (as the local key file holds it) or the raw 32-byte seed. */
export function localEd25519Signer(privateKey: string | Uint8Array, verificationMethodId: string): Signer {
  const key = toPrivateKey(privateKey);
  return {
    id: verificationMethodId,
    algorithm: 'Ed25519',
    sign: async ({ data }) => sign(null, data, key),
  };
}

export interface LocalKey {
  /** PKCS#8 PEM, for the local city's key file. */
  privateKeyPem: string;
  publicKeyMultibase: string;
}

export function generateLocalKey(): LocalKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyMultibase: publicKeyMultibase(publicKey),
  };
}

/** The public half of a local private key, as its controller document publishes it. */
export const localPublicKeyMultibase = (privateKey: string | Uint8Array) => publicKeyMultibase(createPublicKey(toPrivateKey(privateKey)));

function toPrivateKey(privateKey: string | Uint8Array): KeyObject {
  const key =
    typeof privateKey === 'string'
      ? createPrivateKey(privateKey)
      : createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed(privateKey)]), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`Expected an Ed25519 private key, got ${key.asymmetricKeyType}`);
  return key;
}

function seed(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 32) throw new Error(`An Ed25519 seed is 32 bytes, got ${bytes.length}`);
  return bytes;
}

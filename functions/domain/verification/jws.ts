// Compact JWS (RFC 7515), as OB 2.0 signed assertions and OB 3.0 VC-JWTs use it: decoding, and
// verifying the signature with node:crypto for the algorithms badge issuers use. The algorithm must
// fit the key's type, so that a token cannot pick a weaker reading of the key (alg confusion), and
// `none` and HMAC are never accepted.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { asObject, parseJsonObject, type Json } from './json';

export interface CompactJws {
  header: Json;
  /** The payload's bytes, as signed. */
  payload: Buffer;
  signingInput: Buffer;
  signature: Buffer;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const isCompactJws = (text: string): boolean => COMPACT_JWS.test(text);

/** Undefined when the text is not a compact JWS with a JSON object as header. */
export function decodeCompactJws(text: string): CompactJws | undefined {
  if (!isCompactJws(text)) return undefined;
  const [header, payload, signature] = text.split('.') as [string, string, string];
  const decodedHeader = parseJsonObject(Buffer.from(header, 'base64url').toString('utf8'));
  if (!decodedHeader) return undefined;
  return {
    header: decodedHeader,
    payload: Buffer.from(payload, 'base64url'),
    signingInput: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  };
}

interface Algorithm {
  digest: 'sha256' | null;
  keyType: 'rsa' | 'ec' | 'ed25519';
  /** JWS ECDSA signatures are r ‖ s, not DER. */
  dsaEncoding?: 'ieee-p1363';
}

// RS256 is the one both Open Badges specs require; ES256 and EdDSA are what newer issuers sign with.
const ALGORITHMS: Record<string, Algorithm> = {
  RS256: { digest: 'sha256', keyType: 'rsa' },
  ES256: { digest: 'sha256', keyType: 'ec', dsaEncoding: 'ieee-p1363' },
  EdDSA: { digest: null, keyType: 'ed25519' },
};

export function verifyJws(jws: CompactJws, key: KeyObject): { verified: boolean; detail: string } {
  const alg = String(jws.header.alg);
  const algorithm = ALGORITHMS[alg];
  if (!algorithm) return { verified: false, detail: `JWS algorithm ${alg} is not supported (RS256, ES256, EdDSA are)` };
  // RFC 7515: a header parameter the verifier does not understand must make it refuse the token.
  if (jws.header.crit !== undefined) return { verified: false, detail: 'the JWS header has critical extensions, which are not supported' };
  const problem = keyProblem(algorithm, key);
  if (problem) return { verified: false, detail: `${alg} needs ${problem}` };
  const verified = verify(algorithm.digest, jws.signingInput, algorithm.dsaEncoding ? { key, dsaEncoding: algorithm.dsaEncoding } : key, jws.signature);
  return { verified, detail: verified ? `${alg} signature verified` : `the ${alg} signature does not match the token` };
}

function keyProblem(algorithm: Algorithm, key: KeyObject): string | undefined {
  if (key.asymmetricKeyType !== algorithm.keyType) return `an ${algorithm.keyType} key, the key is ${key.asymmetricKeyType}`;
  const { modulusLength, namedCurve } = key.asymmetricKeyDetails ?? {};
  if (algorithm.keyType === 'rsa' && (modulusLength ?? 0) < 2048) return `an RSA key of at least 2048 bits, the key has ${modulusLength}`;
  if (algorithm.keyType === 'ec' && namedCurve !== 'prime256v1') return `a P-256 key, the key is on ${namedCurve}`;
  return undefined;
}

/** A public key from a JWK; throws when it is not one (or carries private key material). */
export function publicKeyFromJwk(jwk: unknown): KeyObject {
  const object = asObject(jwk);
  if (!object) throw new Error('the JWK is not a JSON object');
  // A published "public" key with `d` is a leaked private key: refuse it rather than use it.
  if ('d' in object) throw new Error('the JWK contains private key material');
  return createPublicKey({ key: object, format: 'jwk' });
}

/** A public key from a PEM `PUBLIC KEY` block (OB 2.0 CryptographicKey.publicKeyPem). */
export function publicKeyFromPem(pem: unknown): KeyObject {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN PUBLIC KEY-----')) throw new Error('publicKeyPem is not a PEM public key');
  return createPublicKey(pem);
}

// The `jwt` key proof (OID4VCI 1.0, Appendix F.1), checked with jose: typed openid4vci-proof+jwt, an
// asymmetric algorithm the metadata names, exactly one of `kid` (a did:key or did:jwk DID URL) and
// `jwk` (x5c is not taken), signed by that key, `aud` the Credential Issuer Identifier, a recent `iat`
// and a `nonce` this city made. The key becomes the holder's DID, the credential's subject id: a jwk
// header becomes a did:jwk (its public members only, in RFC 7638 order, so one key is one DID).
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { NONCE_SECONDS, PROOF_ALGORITHMS, PROOF_TYP } from './protocol';

export class KeyProofError extends Error {
  constructor(
    readonly code: 'invalid_proof' | 'invalid_nonce',
    message: string,
  ) {
    super(message);
    this.name = 'KeyProofError';
  }
}

const invalid = (message: string) => new KeyProofError('invalid_proof', message);

/** The public members of a key, per RFC 7638, in that order. */
const PUBLIC_MEMBERS: Record<string, string[]> = { OKP: ['crv', 'kty', 'x'], EC: ['crv', 'kty', 'x', 'y'] };

function publicJwk(jwk: JWK): JWK {
  const members = PUBLIC_MEMBERS[String(jwk.kty)];
  if (!members) throw invalid('the proof key must be an OKP (Ed25519) or EC (P-256) key');
  if ('d' in jwk) throw invalid('the proof header carries a private key');
  const out: Record<string, string> = {};
  for (const member of members) {
    const value = (jwk as Record<string, unknown>)[member];
    if (typeof value !== 'string') throw invalid(`the proof key lacks ${member}`);
    out[member] = value;
  }
  return out as JWK;
}

export const didJwk = (jwk: JWK) => `did:jwk:${Buffer.from(JSON.stringify(publicJwk(jwk))).toString('base64url')}`;

/** The holder's DID and key from a `kid` DID URL. */
async function resolveKid(kid: string): Promise<{ did: string; jwk: JWK }> {
  const [did = '', fragment] = kid.split('#');
  if (did.startsWith('did:jwk:')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as JWK;
    } catch {
      throw invalid('the did:jwk in kid does not decode to a JWK');
    }
    if (fragment !== undefined && fragment !== '0') throw invalid('a did:jwk has one key, #0');
    return { did: didJwk(jwk), jwk: publicJwk(jwk) };
  }
  if (did.startsWith('did:key:z6Mk')) {
    const fingerprint = did.slice('did:key:'.length);
    if (fragment !== undefined && fragment !== fingerprint) throw invalid('a did:key has one key, named by its fingerprint');
    try {
      const keyPair = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: fingerprint });
      return { did, jwk: await Ed25519Multikey.toJwk({ keyPair }) };
    } catch {
      throw invalid('the did:key in kid is not an Ed25519 key');
    }
  }
  throw invalid('kid must be a did:key (Ed25519) or did:jwk DID URL');
}

export interface KeyProofCheck {
  /** The Credential Issuer Identifier, which `aud` must be. */
  audience: string;
  isFreshNonce: (nonce: string) => boolean;
  now: Date;
}

/** The holder DID the proof binds, or a KeyProofError saying what is wrong. */
export async function verifyKeyProof(jwt: string, check: KeyProofCheck): Promise<string> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw invalid('the proof is not a JWT');
  }
  if (header.typ !== PROOF_TYP) throw invalid(`the proof's typ must be ${PROOF_TYP}`);
  if (!header.alg || !(PROOF_ALGORITHMS as readonly string[]).includes(header.alg)) throw invalid(`the proof's alg must be one of ${PROOF_ALGORITHMS.join(', ')}`);
  const given = [header.kid, header.jwk, header.x5c].filter((v) => v !== undefined).length;
  if (given !== 1 || header.x5c !== undefined) throw invalid('the proof header must carry exactly one of kid and jwk');
  const { did, jwk } = header.jwk ? { did: didJwk(header.jwk), jwk: publicJwk(header.jwk) } : await resolveKid(String(header.kid));
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(jwt, key, {
      typ: PROOF_TYP,
      audience: check.audience,
      algorithms: [...PROOF_ALGORITHMS],
      maxTokenAge: NONCE_SECONDS,
      clockTolerance: 60,
      currentDate: check.now,
    }));
  } catch (error) {
    throw invalid(`the proof does not verify: ${(error as Error).message}`.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, ''));
  }
  if (typeof payload.nonce !== 'string') throw invalid('the proof must carry a c_nonce from the nonce endpoint');
  if (!check.isFreshNonce(payload.nonce)) throw new KeyProofError('invalid_nonce', 'the c_nonce is not one of ours, or no longer fresh: fetch a new one');
  return did;
}

// Open Badges 3.0 as VC-JWT, signed here with node:crypto: the key found at the header's kid or carried
// as jwk, its binding to the issuer, the claims against the credential, and tampering.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../../../functions/domain/credentials/open-badge-credential';
import { signCredential } from '../../../functions/domain/credentials/sign';
import { buildStatusListCredential, createStatusList, encodeList } from '../../../functions/domain/credentials/status-list';
import { verifyBadge } from '../../../functions/domain/verification';
import { awardInput, controllerDocument, ISSUER_ID, signer } from '../credentials/support';
import { Web } from './web';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (key: KeyObject) => key.export({ format: 'jwk' });

const RSA_KID = `${ISSUER_ID}#rsa-1`;
const credential = buildOpenBadgeCredential(awardInput());
const claims = { iss: ISSUER_ID, jti: credential.id, nbf: Date.parse(credential.validFrom) / 1000 };

function signJwt(header: Record<string, unknown>, payload: object, key: KeyObject): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = Buffer.from(`${encode(header)}.${encode(payload)}`);
  const signature =
    header.alg === 'EdDSA' ? sign(null, input, key) : header.alg === 'ES256' ? sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', input, key);
  return `${input.toString()}.${signature.toString('base64url')}`;
}

// The issuer's profile publishes its RSA key as a JsonWebKey verification method, next to its Multikey.
const issuerProfile = (...published: object[]) => ({
  ...controllerDocument,
  verificationMethod: [...controllerDocument.verificationMethod, { id: RSA_KID, type: 'JsonWebKey', controller: ISSUER_ID, publicKeyJwk: jwk(rsa.publicKey) }],
  ...(published.length ? { keys: published } : {}),
});

let web: Web;
beforeEach(async () => {
  const list = buildStatusListCredential({ id: credential.credentialStatus.statusListCredential, issuer: ISSUER_ID, validFrom: '2025-01-01T00:00:00Z', encodedList: encodeList(createStatusList()) });
  web = new Web().serve(ISSUER_ID, issuerProfile()).serve(list.id, await signCredential(list, signer, createDocumentLoader()));
});

const verify = (token: string) => verifyBadge({ credential: token }, web.deps());
const failing = async (token: string) => (await verify(token)).reports[0]!.checks.filter((c) => !c.passed);

describe('OB 3.0 VC-JWT', () => {
  it('verifies RS256 with the key its kid names in the issuer profile, status included', async () => {
    const result = await verify(signJwt({ alg: 'RS256', typ: 'JWT', kid: RSA_KID }, { ...credential, ...claims }, rsa.privateKey));
    expect(result.reports[0]!.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.reports[0]).toMatchObject({ format: 'ob3-jwt', verified: true, badge: { name: 'Coding Club', issuer: { id: ISSUER_ID } } });
    expect(result.reports[0]!.checks.map((c) => c.check)).toEqual(['format', 'signature', 'issuer', 'issued', 'expiry', 'status']);
  });

  it('reads the credential from a vc claim too (VC 1.1 style)', async () => {
    expect(await failing(signJwt({ alg: 'RS256', kid: RSA_KID }, { vc: credential, ...claims }, rsa.privateKey))).toEqual([]);
  });

  it('verifies EdDSA with a header jwk only when the issuer profile publishes that key', async () => {
    const token = signJwt({ alg: 'EdDSA', jwk: jwk(ed.publicKey) }, { ...credential, ...claims }, ed.privateKey);
    expect(await failing(token)).toEqual([expect.objectContaining({ check: 'issuer', passed: false })]);
    web.serve(ISSUER_ID, issuerProfile(jwk(ed.publicKey)));
    expect(await failing(token)).toEqual([]);
  });

  it('verifies ES256 with a kid into a JWK Set that the issuer profile names, and not one it does not', async () => {
    const kid = 'https://unit.example/.well-known/jwks.json#ec-1';
    web.serve(kid.split('#')[0]!, { keys: [{ ...jwk(ec.publicKey), kid: 'ec-1' }] });
    const token = signJwt({ alg: 'ES256', kid }, { ...credential, ...claims }, ec.privateKey);
    expect(await failing(token)).toEqual([{ check: 'issuer', passed: false, detail: `the key ${kid} is not published by the issuer's profile ${ISSUER_ID}` }]);
    const profile = issuerProfile();
    web.serve(ISSUER_ID, { ...profile, assertionMethod: [...profile.assertionMethod, kid] });
    expect(await failing(token)).toEqual([]);
  });

  it('does not take a key document claiming the issuer as controller for the issuer', async () => {
    const kid = 'https://keys.elsewhere.example/key-1';
    web.serve(kid, { id: kid, type: 'JsonWebKey', controller: ISSUER_ID, publicKeyJwk: jwk(ec.publicKey) });
    expect(await failing(signJwt({ alg: 'ES256', kid }, { ...credential, ...claims }, ec.privateKey))).toEqual([
      { check: 'issuer', passed: false, detail: `the key ${kid} is not published by the issuer's profile ${ISSUER_ID}` },
    ]);
  });

  it('fails a token whose payload was changed after signing', async () => {
    const [header, , signature] = signJwt({ alg: 'RS256', kid: RSA_KID }, { ...credential, ...claims }, rsa.privateKey).split('.');
    const renamed = { ...credential, ...claims, name: 'Coding Club Gold' };
    const tampered = `${header}.${Buffer.from(JSON.stringify(renamed)).toString('base64url')}.${signature}`;
    expect(await failing(tampered)).toEqual([{ check: 'signature', passed: false, detail: 'the RS256 signature does not match the token' }]);
  });

  it('refuses algorithms that are not signatures or do not fit the key', async () => {
    const payload = Buffer.from(JSON.stringify({ ...credential, ...claims })).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: RSA_KID })).toString('base64url')}.${payload}.AA`;
    expect(await failing(unsigned)).toEqual([{ check: 'signature', passed: false, detail: 'JWS algorithm none is not supported (RS256, ES256, EdDSA are)' }]);
    // An EdDSA signature presented as RS256 with the issuer's RSA key.
    const confused = signJwt({ alg: 'EdDSA', kid: RSA_KID }, { ...credential, ...claims }, ed.privateKey);
    expect(await failing(confused)).toEqual([{ check: 'signature', passed: false, detail: 'EdDSA needs an ed25519 key, the key is rsa' }]);
  });

  it('fails claims that disagree with the credential', async () => {
    const token = signJwt({ alg: 'RS256', kid: RSA_KID }, { ...credential, ...claims, iss: 'https://other.example/issuer', jti: 'urn:uuid:other' }, rsa.privateKey);
    expect(await failing(token)).toEqual([
      {
        check: 'format',
        passed: false,
        detail: 'iss "https://other.example/issuer" is not the issuer\'s id; jti "urn:uuid:other" is not the credential\'s id',
      },
    ]);
  });

  it('reports the claims but fails the signature when the key cannot be found', async () => {
    const result = await verify(signJwt({ alg: 'RS256', kid: 'https://unit.example/keys/gone' }, { ...credential, ...claims }, rsa.privateKey));
    expect(result.reports[0]).toMatchObject({ format: 'ob3-jwt', verified: false, badge: { name: 'Coding Club' } });
    expect(result.reports[0]!.checks.filter((c) => !c.passed).map((c) => c.check)).toEqual(['signature', 'issuer']);
    expect(result.reports[0]!.checks[1]!.detail).toBe('not verified: https://unit.example/keys/gone answered HTTP 404');
  });
});

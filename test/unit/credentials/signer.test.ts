import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { describe, expect, it } from 'vitest';
import { buildControllerDocument, controllerDocumentResolver } from '../../../functions/domain/credentials/controller-document';
import { publicKeyMultibase } from '../../../functions/domain/credentials/multikey';
import { generateLocalKey, localEd25519Signer, localPublicKeyMultibase } from '../../../functions/domain/credentials/signer';
import { SEED } from './support';

const data = new TextEncoder().encode('sha256(proof options) ‖ sha256(credential), 64 bytes in real use');

describe('publicKeyMultibase', () => {
  it('matches the Digital Bazaar Multikey library for the same seed (z + base58btc of 0xed01 ‖ key)', async () => {
    const reference = await Ed25519Multikey.generate({ seed: SEED });
    expect(localPublicKeyMultibase(SEED)).toBe(reference.publicKeyMultibase);
    expect(reference.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
  });

  it('reads a KMS-style SPKI DER public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    expect(publicKeyMultibase(createPublicKey({ key: der, format: 'der', type: 'spki' }))).toBe(
      localPublicKeyMultibase(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    );
  });

  it('refuses a key that is not Ed25519', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => publicKeyMultibase(publicKey)).toThrow(/Expected an Ed25519 key, got ec/);
  });
});

describe('localEd25519Signer', () => {
  it('signs the given bytes as they are: a 64-byte Ed25519 signature, the same from PEM and from seed', async () => {
    const { privateKeyPem, publicKeyMultibase: published } = generateLocalKey();
    const signer = localEd25519Signer(privateKeyPem, `https://unit.example/issuer#${published}`);
    expect(signer).toMatchObject({ id: `https://unit.example/issuer#${published}`, algorithm: 'Ed25519' });
    const signature = await signer.sign({ data });
    expect(signature).toHaveLength(64);
    expect(verify(null, data, createPublicKey(privateKeyPem), signature)).toBe(true);
    expect(localPublicKeyMultibase(privateKeyPem)).toBe(published);

    const fromSeed = await localEd25519Signer(SEED, 'x').sign({ data });
    const fromPem = await localEd25519Signer(pemOfSeed(SEED), 'x').sign({ data });
    expect(Buffer.from(fromPem).equals(Buffer.from(fromSeed))).toBe(true);
  });

  it('refuses a seed of the wrong length and a key that is not Ed25519', () => {
    expect(() => localEd25519Signer(new Uint8Array(31), 'x')).toThrow(/32 bytes, got 31/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => localEd25519Signer(rsa, 'x')).toThrow(/Expected an Ed25519 private key, got rsa/);
  });
});

describe('buildControllerDocument', () => {
  const document = buildControllerDocument('https://unit.example/issuer', 'z6MkExample');

  it('publishes one Multikey under the issuer URL and authorises it for assertions', () => {
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'https://unit.example/issuer',
      verificationMethod: [
        { id: 'https://unit.example/issuer#z6MkExample', type: 'Multikey', controller: 'https://unit.example/issuer', publicKeyMultibase: 'z6MkExample' },
      ],
      assertionMethod: ['https://unit.example/issuer#z6MkExample'],
    });
  });

  it('resolves the controller and its key, each by its own URL, and nothing else', async () => {
    const resolve = controllerDocumentResolver(document);
    expect(await resolve('https://unit.example/issuer')).toBe(document);
    expect(await resolve('https://unit.example/issuer#z6MkExample')).toEqual({ '@context': document['@context'], ...document.verificationMethod[0] });
    expect(await resolve('https://unit.example/issuer#other')).toBeUndefined();
  });
});

function pemOfSeed(seed: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`;
}

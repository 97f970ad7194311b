// The city's signing keys (signing.keys in the city config): which key signs and which are published,
// and the compromise runbook end to end against the in-memory table and bucket. A badge signed by k1
// keeps verifying, with Digital Bazaar's own verifier and the issuer profile the city serves, after k2
// becomes active; once k1 is marked compromised neither that badge nor a forgery made with k1 verifies,
// until the re-signing run signs the genuine one again with k2 (and a second run changes nothing).
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { KEPT_SIGNING_PUBLIC_KEYS_ENV, SIGNING_KEY_PEM_ENV, signingKeyRoles } from '../../definitions/signing';
import type { Principal } from '../../functions/domain/api-keys';
import type { Award } from '../../functions/domain/awards';
import { unbake } from '../../functions/domain/baking';
import type { ControllerDocument } from '../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../functions/domain/credentials/document-loader';
import { signCredential } from '../../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer, localPublicKeyMultibase } from '../../functions/domain/credentials/signer';
import { loadLocalSecrets, localSigningKeys } from '../../local/secrets';
import { badgeClass, CLASS_ID, classSvg, provider } from '../support/award-fixtures';
import { FakeAws } from '../support/fake-aws';
import { diskLoader } from './credentials/support';

const aws = new FakeAws();
const baseConfig = JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')) as Record<string, unknown>;
const demo = () => parseCityConfig(baseConfig, 'cities/demo.json');
const withKeys = (keys: unknown) => parseCityConfig({ ...baseConfig, signing: { keys } }, 'cities/demo.json');

describe('signing.keys in the city config', () => {
  it('defaults to one active key, k1 (the key a city had before the list)', () => {
    expect(demo().signing.keys).toEqual([{ id: 'k1', status: 'active' }]);
    expect(signingKeyRoles(demo().signing.keys)).toEqual({ active: 'k1', kept: [], compromised: [] });
  });

  it('says which key signs, which stay published and which are retired', () => {
    const keys = withKeys([
      { id: 'k1', status: 'compromised' },
      { id: 'k2', status: 'kept' },
      { id: 'k3', status: 'active' },
    ]).signing.keys;
    expect(signingKeyRoles(keys)).toEqual({ active: 'k3', kept: ['k2'], compromised: ['k1'] });
  });

  it('refuses no active key, two active keys, a key listed twice and an id that is not kN', () => {
    expect(() => withKeys([{ id: 'k1', status: 'kept' }])).toThrow(/signing\.keys: must have exactly one key with status "active"/);
    expect(() => withKeys([{ id: 'k1', status: 'active' }, { id: 'k2', status: 'active' }])).toThrow(/exactly one key with status "active"/);
    expect(() => withKeys([{ id: 'k1', status: 'kept' }, { id: 'k1', status: 'active' }])).toThrow(/signing\.keys: must not list a key id twice/);
    expect(() => withKeys([{ id: 'main', status: 'active' }])).toThrow(/signing\.keys\[0\]\.id: must be k1, k2/);
  });
});

describe('the local city’s keys', () => {
  it('makes each listed key once, keeps k1 where older files hold it, and gives functions the active key and the kept public keys', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'secrets.json');
    const first = loadLocalSecrets(file);
    const two = withKeys([{ id: 'k1', status: 'kept' }, { id: 'k2', status: 'active' }]).signing.keys;
    const secrets = loadLocalSecrets(file, two);
    expect(secrets.signingKeyPem).toBe(first.signingKeyPem);
    expect(loadLocalSecrets(file, two).signingKeys).toEqual(secrets.signingKeys);
    expect(localSigningKeys(secrets, two)).toEqual({ signingKeyPem: secrets.signingKeys!.k2, keptSigningPublicKeys: [localPublicKeyMultibase(first.signingKeyPem)] });
    const compromised = withKeys([{ id: 'k1', status: 'compromised' }, { id: 'k2', status: 'active' }]).signing.keys;
    expect(localSigningKeys(secrets, compromised)).toEqual({ signingKeyPem: secrets.signingKeys!.k2, keptSigningPublicKeys: [] });
  });
});

// --- The runbook, end to end -------------------------------------------------------------------

const k1 = generateLocalKey();
const k2 = generateLocalKey();
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'p' };

/** The city's modules as a function sees them with this signing environment (a deploy of that config). */
async function cityWith(active: string, kept: string[]) {
  process.env[SIGNING_KEY_PEM_ENV] = active;
  if (kept.length) process.env[KEPT_SIGNING_PUBLIC_KEYS_ENV] = kept.join(',');
  else delete process.env[KEPT_SIGNING_PUBLIC_KEYS_ENV];
  vi.resetModules();
  const [awarding, issuers, resigning] = await Promise.all([
    import('../../functions/services/awarding'),
    import('../../functions/issuers/service'),
    import('../../functions/services/resigning'),
  ]);
  return { issueAward: awarding.issueAward, profile: () => issuers.issuerProfileV3('central-library'), resignPage: resigning.resignPage };
}

/** Digital Bazaar's verifier, with contexts from disk and the issuer profile exactly as the city serves it now. */
async function verifies(credential: object, profile: object): Promise<boolean> {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: diskLoader([profile as ControllerDocument]),
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}

const storedAward = (id: string) => aws.items.get(`AWARD#${id}\u0000AWARD`) as unknown as Award;

describe('a second key, and a compromised one', () => {
  let byK1: Award;
  let forged: object;

  beforeAll(async () => {
    aws.items.clear();
    aws.objects.clear();
    const put = (value: Record<string, unknown>) => aws.items.set(`${String(value.pk)}\u0000${String(value.sk)}`, value);
    put({ pk: `BADGECLASS#${CLASS_ID}`, sk: 'CURRENT', ...badgeClass });
    put({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
    aws.putObject(badgeClass.image.key, Buffer.from(classSvg));
    const city = await cityWith(k1.privateKeyPem, []);
    byK1 = await city.issueAward(CLASS_ID, { recipient: { email: 'ana@example.org' }, evidence: [] }, principal, { now: new Date() });
    // What someone holding k1 could make: a credential of the city's, never awarded.
    const { proof: _proof, ...unsigned } = byK1.credential;
    const issuer = (byK1.credential.issuer as { id: string }).id;
    forged = await signCredential({ ...unsigned, id: `${String(unsigned.id)}-forged` }, localEd25519Signer(k1.privateKeyPem, `${issuer}#${k1.publicKeyMultibase}`), createDocumentLoader());
    expect(await verifies(byK1.credential, await city.profile())).toBe(true);
  });

  it('k2 active, k1 kept: the profile publishes both, new badges are signed by k2, and k1’s still verify', async () => {
    const city = await cityWith(k2.privateKeyPem, [k1.publicKeyMultibase]);
    const profile = await city.profile();
    expect(profile.verificationMethod.map((m) => m.publicKeyMultibase)).toEqual([k2.publicKeyMultibase, k1.publicKeyMultibase]);
    expect(profile.assertionMethod).toEqual(profile.verificationMethod.map((m) => m.id));
    const byK2 = await city.issueAward(CLASS_ID, { recipient: { email: 'ben@example.org' }, evidence: [] }, principal, { now: new Date() });
    expect((byK2.credential.proof as { verificationMethod: string }[])[0]!.verificationMethod).toMatch(new RegExp(`#${k2.publicKeyMultibase}$`));
    expect(await verifies(byK2.credential, profile)).toBe(true);
    expect(await verifies(byK1.credential, profile)).toBe(true);
    // Nothing to re-sign while k1 is published.
    expect(await city.resignPage(100, undefined)).toMatchObject({ resigned: 0 });
  });

  it('k1 compromised: its badges and forgeries fail, until the run re-signs the genuine ones (same id and status index, image baked again)', async () => {
    const city = await cityWith(k2.privateKeyPem, []);
    const profile = await city.profile();
    expect(profile.verificationMethod.map((m) => m.publicKeyMultibase)).toEqual([k2.publicKeyMultibase]);
    expect(await verifies(byK1.credential, profile)).toBe(false);
    expect(await verifies(forged, profile)).toBe(false);

    // Two pages of one item each, as the script walks the table: resumed from where each stopped.
    let start: Record<string, unknown> | undefined;
    let resigned = 0;
    let pages = 0;
    do {
      const page = await city.resignPage(1, start);
      resigned += page.resigned;
      start = page.next;
      pages += 1;
    } while (start);
    expect(resigned).toBe(1);
    expect(pages).toBeGreaterThan(2);

    const after = storedAward(byK1.id);
    expect(after.credential.id).toBe(byK1.credential.id);
    expect(after.credential.credentialStatus).toEqual(byK1.credential.credentialStatus);
    expect(after.statusListIndex).toBe(byK1.statusListIndex);
    expect(await verifies(after.credential, profile)).toBe(true);
    expect(after.image.key).not.toBe(byK1.image.key);
    const baked = unbake(aws.objects.get(after.image.key)!.body);
    expect(JSON.parse(baked.openbadgecredential!)).toEqual(after.credential);
    expect(JSON.parse(baked.openbadges!)).toEqual(byK1.assertion);
    expect(await verifies(forged, profile)).toBe(false);

    // A second run finds nothing left to do.
    expect(await city.resignPage(100, undefined)).toMatchObject({ resigned: 0 });
    expect(storedAward(byK1.id).image).toEqual(after.image);
  });

  it('leaves an award alone that was re-signed meanwhile (the update is conditional on the image it replaces)', async () => {
    await cityWith(k1.privateKeyPem, []);
    const { resignAward } = await import('../../functions/services/resigning');
    const stale = storedAward(byK1.id);
    // Published now: only k1. The stored award is k2's, so it is re-signed; a copy of it read before is not written over it.
    expect(await resignAward(stale, new Set([k1.publicKeyMultibase]))).toBe('resigned');
    expect(await resignAward(stale, new Set([k1.publicKeyMultibase]))).toBe('changed');
  });
});

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildControllerDocument, controllerDocumentResolver, verificationMethodId } from '../../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../../../functions/domain/credentials/open-badge-credential';
import type { OpenBadgeCredential } from '../../../functions/domain/credentials/open-badge-credential';
import { signCredential } from '../../../functions/domain/credentials/sign';
import type { SignedCredential } from '../../../functions/domain/credentials/sign';
import { generateLocalKey, localEd25519Signer } from '../../../functions/domain/credentials/signer';
import { verifyCredential } from '../../../functions/domain/credentials/verify';
import { schemaErrors } from '../../support/ob3-schema';
import { awardInput, controllerDocument, diskLoader, EMAIL, ISSUER_ID, referenceFile, signer } from './support';

const loader = createDocumentLoader({ resolve: controllerDocumentResolver(controllerDocument) });
const notRevoked = async () => ({ passed: true, detail: 'not revoked' });

/** The reference check: Digital Bazaar's own verifier, fed contexts from disk rather than our bundle. */
async function libraryVerifies(credential: object): Promise<boolean> {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: diskLoader([controllerDocument]),
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}

let signed: SignedCredential<OpenBadgeCredential>;
beforeAll(async () => {
  signed = await signCredential(buildOpenBadgeCredential(awardInput()), signer, loader);
});

describe('signCredential', () => {
  it('adds one eddsa-rdfc-2022 Data Integrity proof, as the array the 1EdTech schema wants', () => {
    expect(signed.proof).toEqual([
      {
        type: 'DataIntegrityProof',
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        verificationMethod: verificationMethodId(ISSUER_ID, controllerDocument.verificationMethod[0]!.publicKeyMultibase),
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
      },
    ]);
    expect(schemaErrors(signed)).toEqual([]);
  });

  it("verifies with the library's own verifier, also after a JSON round trip (as stored and served)", async () => {
    expect(await libraryVerifies(signed)).toBe(true);
    expect(await libraryVerifies(JSON.parse(JSON.stringify(signed)))).toBe(true);
  });

  it("leaves the caller's credential unsigned, and never carries the email", async () => {
    const unsigned = buildOpenBadgeCredential(awardInput());
    await signCredential(unsigned, signer, loader);
    expect(unsigned).not.toHaveProperty('proof');
    expect(JSON.stringify(signed).toLowerCase()).not.toContain(EMAIL.toLowerCase());
  });

  it('refuses to sign twice, and refuses a credential whose context the loader does not serve', async () => {
    await expect(signCredential(signed, signer, loader)).rejects.toThrow(/already has a proof/);
    const stray = { ...buildOpenBadgeCredential(awardInput()), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/ctx.json'] };
    await expect(signCredential(stray, signer, loader)).rejects.toThrow(/URL: "https:\/\/example\.org\/ctx\.json"/);
  });

  it('signs through any Signer: bytes in, 64-byte signature out (the shape a KMS signer has)', async () => {
    const sign = vi.fn(signer.sign);
    const counted = await signCredential(buildOpenBadgeCredential(awardInput()), { ...signer, sign }, loader);
    expect(sign).toHaveBeenCalledOnce();
    // eddsa-rdfc-2022 signs sha256(proof options) ‖ sha256(credential).
    expect(sign.mock.calls[0]![0].data).toHaveLength(64);
    expect(await libraryVerifies(counted)).toBe(true);
  });
});

describe('tampering', () => {
  type Mutable = Record<string, any>;
  const mutations: [string, (c: Mutable) => void][] = [
    ['the credential name', (c) => (c.name = 'Coding Club (gold)')],
    ['the issuer id', (c) => (c.issuer.id = 'https://unit.example/issuer2')],
    ['the issuer name', (c) => (c.issuer.name = 'Another City')],
    ['the recipient identityHash', (c) => (c.credentialSubject.identifier[0].identityHash = `sha256$${'0'.repeat(64)}`)],
    ['the recipient salt', (c) => (c.credentialSubject.identifier[0].salt = 'another-salt')],
    ['validFrom, by one second', (c) => (c.validFrom = '2025-03-01T09:30:01Z')],
    ['an alignment targetUrl', (c) => (c.credentialSubject.achievement.alignment[0].targetUrl = 'https://unit.example/skills/cooking')],
    ['the achievement image', (c) => (c.credentialSubject.achievement.image.id = 'https://unit.example/other.png')],
    ['the status list index', (c) => (c.credentialStatus.statusListIndex = '4712')],
    ['the proof value, one character', (c) => (c.proof[0].proofValue = c.proof[0].proofValue.slice(0, -1) + (c.proof[0].proofValue.endsWith('A') ? 'B' : 'A'))],
    ['the proof created date', (c) => (c.proof[0].created = '2020-01-01T00:00:00Z')],
    ['an added top-level field', (c) => (c.description = 'Also fixes bikes.')],
    ['an added achievement field', (c) => (c.credentialSubject.achievement.humanCode = 'CC-1')],
    ['an added alignment', (c) => c.credentialSubject.achievement.alignment.push({ type: ['Alignment'], targetName: 'X', targetUrl: 'https://x.example' })],
    ['an added term no context defines', (c) => (c.sneaky = true)],
    ['a removed evidence', (c) => delete c.evidence],
    ['the OB extensions context dropped', (c) => c['@context'].pop()],
  ];

  it.each(mutations)('of %s makes verification fail', async (_what, mutate) => {
    const tampered = structuredClone(signed) as Mutable;
    mutate(tampered);
    expect(await libraryVerifies(tampered)).toBe(false);
    const report = await verifyCredential(tampered, loader, { checkStatus: notRevoked });
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.check === 'proof')).toMatchObject({ passed: false });
  });

  it('ignores key order: the canonical form is what is signed', async () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(signed)).reverse());
    expect(await libraryVerifies(reordered)).toBe(true);
  });
});

describe('verifyCredential', () => {
  it('reports each check of a good credential', async () => {
    expect(await verifyCredential(signed, loader, { checkStatus: notRevoked, now: new Date('2026-01-01T00:00:00Z') })).toEqual({
      verified: true,
      checks: [
        { check: 'proof', passed: true, detail: 'eddsa-rdfc-2022 signature verified' },
        { check: 'validity-period', passed: true, detail: 'valid from 2025-03-01T09:30:00Z, no expiry' },
        { check: 'status', passed: true, detail: 'not revoked' },
      ],
    });
  });

  it('verifies the official 1EdTech fixture ob30/simple.json (eddsa-rdfc-2022)', async () => {
    // Its key is https://example.com/issuers/876543#<publicKeyMultibase>; we serve that issuer's documents.
    const fixtureIssuer = buildControllerDocument('https://example.com/issuers/876543', 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi');
    const fixtureLoader = createDocumentLoader({ resolve: controllerDocumentResolver(fixtureIssuer) });
    const report = await verifyCredential(referenceFile('fixtures/ob30/simple.json') as object, fixtureLoader);
    expect(report).toMatchObject({ verified: true, checks: [{ check: 'proof', passed: true }, { check: 'validity-period', passed: true }] });
    const expired = await verifyCredential(referenceFile('fixtures/ob30/simple-err-expired.json') as object, fixtureLoader);
    expect(expired.checks).toEqual([
      { check: 'proof', passed: true, detail: 'eddsa-rdfc-2022 signature verified' },
      { check: 'validity-period', passed: false, detail: 'expired at 2010-01-01T00:00:00Z' },
    ]);
  });

  it('judges the validity period apart from the proof: expired and not-yet-valid badges keep a valid signature', async () => {
    const expiring = await signCredential(
      buildOpenBadgeCredential(awardInput({ validFrom: '2024-01-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' })),
      signer,
      loader,
    );
    const at = (iso: string) => verifyCredential(expiring, loader, { checkStatus: notRevoked, now: new Date(iso) });
    expect((await at('2024-06-01T00:00:00Z')).verified).toBe(true);
    expect((await at('2026-01-01T00:00:00Z')).checks.slice(0, 2)).toEqual([
      { check: 'proof', passed: true, detail: 'eddsa-rdfc-2022 signature verified' },
      { check: 'validity-period', passed: false, detail: 'expired at 2025-01-01T00:00:00Z' },
    ]);
    expect((await at('2023-01-01T00:00:00Z')).checks[1]).toEqual({ check: 'validity-period', passed: false, detail: 'not valid before 2024-01-01T00:00:00Z' });
  });

  it('hands the status entry to the injected checker, and fails closed without one or when it throws', async () => {
    const checkStatus = vi.fn(async () => ({ passed: false, detail: 'revoked' }));
    const revoked = await verifyCredential(signed, loader, { checkStatus });
    expect(checkStatus).toHaveBeenCalledWith(signed.credentialStatus);
    expect(revoked).toMatchObject({ verified: false, checks: [{ passed: true }, { passed: true }, { check: 'status', passed: false, detail: 'revoked' }] });

    const unchecked = await verifyCredential(signed, loader);
    expect(unchecked.checks[2]).toEqual({ check: 'status', passed: false, detail: 'not checked: no status checker was given' });

    const broken = await verifyCredential(signed, loader, { checkStatus: async () => Promise.reject(new Error('status list unreachable')) });
    expect(broken.checks[2]).toEqual({ check: 'status', passed: false, detail: 'status not checked: status list unreachable' });
  });

  it('fails the proof when the key is not the issuer’s, or cannot be resolved', async () => {
    const other = generateLocalKey();
    const otherIssuer = buildControllerDocument('https://other.example/issuer', other.publicKeyMultibase);
    const forged = await signCredential(
      buildOpenBadgeCredential(awardInput()),
      localEd25519Signer(other.privateKeyPem, otherIssuer.verificationMethod[0]!.id),
      createDocumentLoader(),
    );
    const bothKnown = createDocumentLoader({
      resolve: async (url) => (await controllerDocumentResolver(controllerDocument)(url)) ?? controllerDocumentResolver(otherIssuer)(url),
    });
    expect((await verifyCredential(forged, bothKnown, { checkStatus: notRevoked })).checks[0]).toEqual({
      check: 'proof',
      passed: false,
      detail: 'Credential issuer must match the verification method controller.',
    });
    expect((await verifyCredential(forged, loader, { checkStatus: notRevoked })).checks[0]).toMatchObject({
      passed: false,
      detail: expect.stringContaining(`No document for ${otherIssuer.verificationMethod[0]!.id}`),
    });
  });
});

// Open Badges 3.0 credentials built on VC Data Model 1.1, as most OB 3.0 badges issued so far are:
// the VC 1.1 context, issuanceDate/expirationDate, the OB context's editions 3.0.0-3.0.2, and the
// 1EdTech Revocation List status method, and Ed25519Signature2020 proofs. Signed here with the reference
// contexts read from disk (not the verifier's bundled copies), or by 1EdTech (the validator's fixture),
// and verified by @digitalbazaar/vc through verifyBadge.
import { describe, expect, it } from 'vitest';
import { signCredential } from '../../../functions/domain/credentials/sign';
import { verifyBadge } from '../../../functions/domain/verification';
import { VC1_CONTEXTS } from '../../../functions/domain/verification/vc1-contexts';
import { referenceFile } from '../../support/openbadges-reference';
import { CONTEXT_FILES, controllerDocument, ISSUER_ID, signer } from '../credentials/support';
import { fixtureCase } from './manifest';
import { Web } from './web';

const REFERENCE_FILES: Record<string, string> = {
  ...CONTEXT_FILES,
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'ob-v3p0-3.0.0.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'ob-v3p0-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob-v3p0-3.0.2.json',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.json',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'ed25519-signature-2020-v1.json',
};
const diskLoader = async (url: string) => {
  const file = REFERENCE_FILES[url];
  if (!file) throw new Error(`test loader: no document for ${url}`);
  return { contextUrl: null, documentUrl: url, document: referenceFile(`contexts/${file}`) as object };
};

const OB_EDITIONS = ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'];
const CREDENTIAL_ID = 'urn:uuid:6b1d2a0e-3d1f-4c55-9a0b-0e7f2f6c9d11';
const LIST_URL = 'https://unit.example/revocations/unit';
const NOW = new Date('2026-06-01T00:00:00Z');

const vc1Credential = (obContext: string, extra: Record<string, unknown> = {}) => ({
  '@context': ['https://www.w3.org/2018/credentials/v1', obContext, 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', 'https://w3id.org/security/data-integrity/v2'],
  id: CREDENTIAL_ID,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: ISSUER_ID, type: ['Profile'], name: 'Unit City of Learning' },
  issuanceDate: '2025-03-01T09:30:00Z',
  name: 'Coding Club',
  credentialSubject: {
    id: 'did:example:learner',
    type: ['AchievementSubject'],
    achievement: { id: 'https://unit.example/badges/coding-club', type: ['Achievement'], name: 'Coding Club', description: 'Ten sessions.', criteria: { narrative: 'Attend ten sessions.' } },
  },
  credentialStatus: { id: LIST_URL, type: '1EdTechRevocationList' },
  ...extra,
});

const sign = (credential: object) => signCredential(credential, signer, diskLoader);
const web = () => new Web().serve(ISSUER_ID, controllerDocument).serve(LIST_URL, { id: LIST_URL, issuer: ISSUER_ID, revokedCredentials: [{ id: 'urn:uuid:someone-else', revocationReason: 'x' }] });
const failing = (result: Awaited<ReturnType<typeof verifyBadge>>) => result.reports.flatMap((r) => r.checks.filter((c) => !c.passed));

describe('OB 3.0 credentials on VC 1.1', () => {
  it('bundles each VC 1.1-era context as the published document', () => {
    for (const [url, document] of VC1_CONTEXTS) expect(document, url).toEqual(referenceFile(`contexts/${REFERENCE_FILES[url]!}`));
  });

  it.each(OB_EDITIONS)('verify with the OB context %s: proof, issuer key, issuanceDate, a clear revocation list', async (edition) => {
    const result = await verifyBadge({ credential: await sign(vc1Credential(edition)) }, web().deps(NOW));
    expect(failing(result)).toEqual([]);
    expect(result.reports[0]).toMatchObject({
      format: 'ob3-credential',
      verified: true,
      badge: { name: 'Coding Club', issuer: { id: ISSUER_ID, name: 'Unit City of Learning' }, issuedOn: '2025-03-01T09:30:00Z' },
    });
    expect(result.reports[0]!.checks).toContainEqual({ check: 'status', passed: true, detail: `not revoked (not in ${LIST_URL})` });
  });

  it('fail on their dates as such: expired (expirationDate), not yet issued (issuanceDate), the signature still judged alone', async () => {
    const expired = await sign(vc1Credential(OB_EDITIONS[2]!, { expirationDate: '2026-01-01T00:00:00Z' }));
    expect(failing(await verifyBadge({ credential: expired }, web().deps(NOW)))).toEqual([{ check: 'expiry', passed: false, detail: 'expired 2026-01-01T00:00:00Z' }]);
    const future = await sign(vc1Credential(OB_EDITIONS[2]!, { issuanceDate: '2025-03-01T09:30:00Z' }));
    expect(failing(await verifyBadge({ credential: future }, web().deps(new Date('2025-01-01T00:00:00Z'))))).toEqual([{ check: 'issued', passed: false, detail: 'issued in the future (2025-03-01T09:30:00Z)' }]);
  });

  it('fail when their 1EdTechRevocationList lists them (revoked true or left out), or cannot be read', async () => {
    const credential = await sign(vc1Credential(OB_EDITIONS[0]!));
    const listing = (entry: object) => web().serve(LIST_URL, { id: LIST_URL, revokedCredentials: [entry] });
    expect(failing(await verifyBadge({ credential }, listing({ id: CREDENTIAL_ID, revocationReason: 'Issued in error.' }).deps(NOW)))).toEqual([
      { check: 'status', passed: false, detail: `revoked: listed in ${LIST_URL} (reason: Issued in error.)` },
    ]);
    expect(failing(await verifyBadge({ credential }, listing({ id: CREDENTIAL_ID, revoked: true }).deps(NOW)))).toEqual([{ check: 'status', passed: false, detail: `revoked: listed in ${LIST_URL}` }]);
    expect((await verifyBadge({ credential }, listing({ id: CREDENTIAL_ID, revoked: false }).deps(NOW))).verified).toBe(true);
    expect(failing(await verifyBadge({ credential }, web().answer(LIST_URL, 503).deps(NOW)))).toEqual([{ check: 'status', passed: false, detail: `status unknown: ${LIST_URL} answered HTTP 503` }]);
    expect(failing(await verifyBadge({ credential }, web().serve(LIST_URL, { id: LIST_URL }).deps(NOW)))).toEqual([
      { check: 'status', passed: false, detail: `status unknown: ${LIST_URL} is not a revocation list (no revokedCredentials)` },
    ]);
  });

  it('fail when changed after signing', async () => {
    const credential = await sign(vc1Credential(OB_EDITIONS[1]!));
    const changed = { ...credential, issuanceDate: '2025-03-02T09:30:00Z' };
    expect(failing(await verifyBadge({ credential: changed }, web().deps(NOW)))).toEqual([{ check: 'signature', passed: false, detail: 'Invalid signature.' }]);
  });

  it("verify the 1EdTech fixture signed by someone else with Ed25519Signature2020 (the VC 1.1 proof), and fail it changed", async () => {
    const { input, web: fixtures } = fixtureCase('ob30/simple_v1.json');
    const [report] = (await verifyBadge(input, fixtures.deps())).reports;
    expect(report!.checks.find((c) => c.check === 'signature')).toEqual({ check: 'signature', passed: true, detail: 'Ed25519Signature2020 signature verified' });
    expect(report!.verified).toBe(true);
    const credential = (input as { credential: Record<string, any> }).credential;
    const changed = { ...credential, issuanceDate: '2010-01-02T00:00:00Z' };
    const [failed] = (await verifyBadge({ credential: changed }, fixtures.deps())).reports;
    expect(failed!.checks.find((c) => c.check === 'signature')).toMatchObject({ passed: false });
  });
});

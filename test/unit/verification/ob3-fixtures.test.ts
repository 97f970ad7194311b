// Open Badges 3.0 credentials from other issuers: every credential in the 1EdTech validator's OB 3.0
// fixtures (JSON, baked PNG/SVG, VC-JWT), with the outcome MANIFEST.json gives. The fixture web stands
// in for the issuers, publishing the keys their fixtures are signed with.
import { describe, expect, it } from 'vitest';
import type { CheckName } from '../../../functions/domain/verification';
import { verifyBadge } from '../../../functions/domain/verification';
import { unbake } from '../../../functions/domain/baking';
import { expectCoverage, expectedOutcomes, expectVerdict, fixtureCase, manifestFiles, type Difference } from './manifest';
import { fixtureBytes, issuerKeys, Web } from './web';

// The failing check for each invalid credential, against the suite's probe in MANIFEST.json.
const FAILING: Record<string, CheckName> = {
  // The suite fails these on their schemas; here on their 1EdTechRevocationList, which the fixture web
  // does not serve (as no one does): revocation unknown. (vc1.test.ts verifies served lists.)
  'ob30/complete.json': 'status',
  'ob30/endorsement-err-schema-status-refresh.json': 'status',
  'ob30/credential-status-revoked.json': 'status',
  'ob30/bitstring-status-list/credential-status-revoked.json': 'status',
  'ob30/bitstring-status-list/credential-status-revoked-blank-nodes.json': 'status',
  'ob30/simple-multiple-proofs.json': 'format',
  'ob30/simple-noproof.json': 'signature',
  'ob30/simple-err-type.json': 'format',
  'ob30/simple-err-context.json': 'format',
  'ob30/simple-err-issuer.json': 'format',
  'ob30/simple-err-issued.json': 'issued',
  'ob30/simple-err-expired.json': 'expiry',
  'ob30/simple-err-proof-value.json': 'signature',
  'ob30/simple-err-proof-method.json': 'signature',
  'ob30/simple-err-proof-method-no-scheme.json': 'signature',
  'ob30/simple-err-proof-method-unknown-scheme.json': 'signature',
  'ob30/simple-err-proof-method-unknown-did-method.json': 'signature',
  'ob30/simple-err-credential-subject-type.json': 'format',
  'ob30/simple-err-credential-subject-identifier-type.json': 'format',
  'ob30/simple-err-credential-subject-result-type.json': 'format',
  'ob30/simple-err-credential-subject-achievement-result-description-type.json': 'format',
  'ob30/simple-err-credential-subject-profile-type.json': 'format',
  'ob30/simple-err-evidence-type.json': 'format',
  'ob30/simple-err-issuer-type.json': 'format',
  'ob30/simple-err-issuer-parentorg-type.json': 'format',
  'ob30/simple-err-issuer-otheridentifier-type.json': 'format',
};

// Where the verdict differs from the official suite's, on purpose or for lack of support.
const DIFFERS: Record<string, Difference> = {
  'ob30/simple-did-key-method.json': {
    verified: false,
    failing: 'issuer',
    why: 'the signing key (a did:key) is not its issuer (a urn:uuid): anyone could have signed it',
  },
  'ob30/simple-eddsa-2022.json': { verified: false, failing: 'signature', why: 'the draft cryptosuite name eddsa-2022 is not supported' },
};

const cases = expectedOutcomes(
  // The status list itself is no badge: it is what the revoked fixtures point at.
  manifestFiles('ob30').filter((entry) => entry.expected !== undefined),
  FAILING,
  DIFFERS,
);

describe('the 1EdTech OB 3.0 fixtures', () => {
  it('covers every credential of the manifest, and names a failing check for each invalid one', () => {
    expectCoverage(cases, [FAILING, DIFFERS], 35);
  });

  it.each(cases)('%s', expectVerdict);

  it('reads the revoked entry from the bitstring status list, after verifying the list', async () => {
    const { input, web } = fixtureCase('ob30/bitstring-status-list/credential-status-revoked.json');
    const [report] = (await verifyBadge(input, web.deps())).reports;
    expect(report!.checks.filter((c) => !c.passed)).toEqual([{ check: 'status', passed: false, detail: expect.stringMatching(/^revoked: entry 23 of https:\/\/raw\.githubusercontent\.com\/.+ is set$/) }]);
  });

  it('reports what the credential is', async () => {
    const { input, web } = fixtureCase('ob30/simple.json');
    const { reports } = await verifyBadge(input, web.deps());
    expect(reports).toEqual([
      {
        format: 'ob3-credential',
        verified: true,
        badge: { name: 'Teamwork', issuer: { id: 'https://example.com/issuers/876543', name: 'Example Corp' }, issuedOn: '2010-01-01T00:00:00Z' },
        checks: [
          { check: 'format', passed: true, detail: 'an Open Badges 3.0 OpenBadgeCredential' },
          { check: 'signature', passed: true, detail: 'eddsa-rdfc-2022 signature verified' },
          { check: 'issuer', passed: true, detail: "the proof's key is one its issuer https://example.com/issuers/876543 lists as its own" },
          { check: 'issued', passed: true, detail: 'issued 2010-01-01T00:00:00Z' },
          { check: 'expiry', passed: true, detail: 'does not expire' },
          { check: 'status', passed: true, detail: 'not revocable: the credential has no credentialStatus' },
        ],
      },
    ]);
  });

  it('fails a signed credential with one byte changed', async () => {
    const { input, web } = fixtureCase('ob30/simple.json');
    const credential = input as { credential: Record<string, any> };
    credential.credential.credentialSubject.achievement.name = 'Teamwerk';
    const [report] = (await verifyBadge(credential, web.deps())).reports;
    expect(report!.checks.find((c) => c.check === 'signature')).toMatchObject({ passed: false, detail: 'Invalid signature.' });
  });

  it("does not take a VC-JWT's own header key for the issuer's: the token is intact, but anyone could have signed it", async () => {
    const web = new Web().serve('https://1edtech.edu/issuers/565049', issuerKeys('https://1edtech.edu/issuers/565049', ['z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi']));
    const token = unbake(fixtureBytes('ob30/simple-jwt.png')).openbadgecredential!;
    const [report] = (await verifyBadge({ credential: token }, web.deps())).reports;
    expect(report!.format).toBe('ob3-jwt');
    expect(report!.verified).toBe(false);
    expect(report!.checks.filter((c) => !c.passed)).toEqual([
      {
        check: 'issuer',
        passed: false,
        detail: "the token carries its own key (jwk) and the issuer's profile https://1edtech.edu/issuers/565049 does not publish it: anyone could have signed it",
      },
    ]);
  });
});

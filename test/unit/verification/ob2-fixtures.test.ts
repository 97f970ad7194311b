// Open Badges 2.0 badges from other issuers: every badge in the 1EdTech validator's OB 2.0 fixtures,
// with the outcome MANIFEST.json gives (a "warning" is a pass with a remark), and for each invalid one
// the check that must name the problem.
import { describe, expect, it } from 'vitest';
import type { CheckName } from '../../../functions/domain/verification';
import { verifyBadge } from '../../../functions/domain/verification';
import { expectCoverage, expectedOutcomes, expectVerdict, fixtureCase, manifestFiles, type Difference } from './manifest';

// The failing check for each invalid badge, against the suite's probe in MANIFEST.json.
const FAILING: Record<string, CheckName> = {
  'ob20/assertion-with-data-image.json': 'format',
  'ob20/basic-assertion-invalid-context.json': 'format',
  'ob20/basic-assertion-invalid-type.json': 'format',
  'ob20/basic-assertion-expired.json': 'expiry',
  'ob20/basic-assertion-expired-before-issued.json': 'expiry',
  'ob20/basic-assertion-in-future.json': 'issued',
  'ob20/basic-assertion-with-allowed-origins-invalid-starts-with.json': 'hosted-origin',
  'ob20/basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json': 'hosted-origin',
  'ob20/simple-revoked.jwt': 'status',
};

// Where the verdict differs from the official suite's, on purpose or for lack of support.
const DIFFERS: Record<string, Difference> = {
  'ob20/assertion-with-extension-node-invalid.json': { verified: true, why: 'extension JSON Schemas are neither fetched nor validated' },
  'ob20/warning-issuer-non-http.json': {
    verified: false,
    failing: 'hosted-origin',
    why: 'an issuer whose id is no HTTP(S) URL cannot say where its assertions may be hosted (the suite only warns)',
  },
};

// Single BadgeClass, Issuer and RDF nodes that the suite validates on their own: not badges to verify.
const NOT_BADGES = /^ob20\/(assets\/|rdf-validation\/|badge-class-with-language\.json$|issuer-compact-iri-validation\.json$)/;

const cases = expectedOutcomes(
  manifestFiles('ob20').filter((entry) => !NOT_BADGES.test(entry.file)),
  FAILING,
  DIFFERS,
);

describe('the 1EdTech OB 2.0 fixtures', () => {
  it('covers every badge of the manifest, and names a failing check for each invalid one', () => {
    expectCoverage(cases, [FAILING, DIFFERS], 20);
  });

  it.each(cases)('%s', expectVerdict);

  it('reports what the badge is: format and the badge its issuer describes', async () => {
    const { input, web } = fixtureCase('ob20/basic-assertion.json');
    const { reports } = await verifyBadge(input, web.deps());
    expect(reports).toEqual([
      expect.objectContaining({
        format: 'ob2-hosted',
        verified: true,
        badge: { name: 'Awesome Robotics Badge', issuer: { id: 'https://example.org/organization.json', name: 'An Example Badge Issuer' }, issuedOn: '2016-12-31T23:59:59Z' },
      }),
    ]);
    expect(reports[0]!.checks.map((c) => c.check)).toEqual(['format', 'hosted', 'issued', 'expiry', 'badge-class', 'issuer', 'hosted-origin', 'status']);
  });

  it('verifies the signed fixtures with RS256 and the key the issuer profile lists', async () => {
    const { input, web } = fixtureCase('ob20/simple.jwt');
    const [report] = (await verifyBadge(input, web.deps())).reports;
    expect(report!.format).toBe('ob2-signed');
    expect(report!.checks).toContainEqual({ check: 'signature', passed: true, detail: "RS256 signature verified with the issuer's key http://example.org/key1.json" });
  });
});

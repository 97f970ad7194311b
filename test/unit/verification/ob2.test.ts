// Open Badges 2.0 beyond the official fixtures: the host's copy against the holder's, revocation by 410
// Gone, `revoked` and revocation lists, embedded documents that try to vouch for themselves, signed
// assertions that were changed or name a key their issuer does not list, and the recipient check.
import { describe, expect, it } from 'vitest';
import { verifyBadge } from '../../../functions/domain/verification';
import { fixtureBytes, fixtureJson, fixtureWeb } from './web';

const ASSERTION_ID = 'https://example.org/beths-robotics-badge.json';
const basic = () => fixtureJson('ob20/basic-assertion.json');
const hosting = (assertion: object = basic()) => fixtureWeb().serve(ASSERTION_ID, assertion);
const failing = (result: Awaited<ReturnType<typeof verifyBadge>>) => result.reports.flatMap((r) => r.checks.filter((c) => !c.passed));

describe('OB 2.0 hosted verification', () => {
  it('fails an assertion that differs in one field from what its issuer hosts, and judges the hosted copy', async () => {
    const given = { ...basic(), issuedOn: '2015-06-30T12:00:00Z' };
    const result = await verifyBadge({ assertion: given }, hosting().deps());
    expect(failing(result)).toEqual([{ check: 'hosted', passed: false, detail: `the assertion differs from what the issuer serves at ${ASSERTION_ID}` }]);
    expect(result.reports[0]!.badge?.issuedOn).toBe('2016-12-31T23:59:59Z');
  });

  it('fails a baked assertion the host no longer serves as baked', async () => {
    // simple-badge.png carries the assertion without `evidence`; this host serves it with.
    const result = await verifyBadge({ image: fixtureBytes('ob20/simple-badge.png') }, hosting().deps());
    expect(failing(result)).toEqual([expect.objectContaining({ check: 'hosted', passed: false })]);
  });

  it('verifies from the URL alone, and reports a URL that serves nothing as nothing to verify', async () => {
    expect((await verifyBadge({ url: ASSERTION_ID }, hosting().deps())).verified).toBe(true);
    const missing = await verifyBadge({ url: 'https://example.org/no-such-assertion.json' }, hosting().deps());
    expect(missing.reports).toEqual([
      { format: 'unknown', verified: false, checks: [{ check: 'format', passed: false, detail: 'nothing to verify: https://example.org/no-such-assertion.json answered HTTP 404' }] },
    ]);
  });

  it('takes 410 Gone as revoked, with the reason the issuer gives', async () => {
    const web = hosting().answer(ASSERTION_ID, 410, { id: ASSERTION_ID, revoked: true, revocationReason: 'Awarded in error' });
    for (const input of [{ assertion: basic() }, { url: ASSERTION_ID }]) {
      const result = await verifyBadge(input, web.deps());
      expect(result.reports).toEqual([
        { format: 'ob2-hosted', verified: false, checks: [{ check: 'status', passed: false, detail: 'revoked: the issuer answers 410 Gone (reason: Awarded in error)' }] },
      ]);
    }
  });

  it('takes revoked: true in the hosted copy as revoked, without calling the copies different', async () => {
    const web = hosting({ ...basic(), revoked: true, revocationReason: 'Withdrawn' });
    expect(failing(await verifyBadge({ assertion: basic() }, web.deps()))).toEqual([
      { check: 'status', passed: false, detail: 'revoked: the issuer has marked it revoked (reason: Withdrawn)' },
    ]);
  });

  it("checks the issuer's revocation list, and fails when the list cannot be read", async () => {
    const assertion = { ...basic(), id: 'https://example.org/beths-robotics-badge-revoked.json', badge: 'https://example.org/badge-from-organization-with-revocation-list.json' };
    const web = fixtureWeb().serve(assertion.id, assertion);
    expect(failing(await verifyBadge({ assertion }, web.deps()))).toEqual([
      { check: 'status', passed: false, detail: "revoked: listed in the issuer's revocation list (reason: A good reason, for sure)" },
    ]);
    web.answer('http://example.org/revocation-list.json', 500);
    expect(failing(await verifyBadge({ assertion }, web.deps()))).toEqual([
      expect.objectContaining({ check: 'status', passed: false, detail: expect.stringMatching(/^revocation unknown: the issuer's revocation list could not be read: /) }),
    ]);
  });

  it('never takes an embedded issuer profile at its word: the profile is fetched from its id', async () => {
    // Hosted on a host of the holder's choosing, with an issuer copy that allows that host.
    const assertion = {
      ...basic(),
      id: 'https://badges.attacker.test/1.json',
      badge: {
        ...fixtureJson('ob20/assets/robotics-badge.json'),
        issuer: { ...fixtureJson('ob20/assets/organization.json'), verification: { allowedOrigins: ['badges.attacker.test'] } },
      },
    };
    const web = fixtureWeb().serve(assertion.id, assertion);
    expect(failing(await verifyBadge({ assertion }, web.deps()))).toEqual([
      { check: 'hosted-origin', passed: false, detail: "hosted on badges.attacker.test, not on the issuer's host example.org" },
    ]);
  });

  it('fails a JSON assertion that declares signed verification: the JSON carries no signature', async () => {
    const assertion = { ...basic(), verification: { type: 'signed', creator: 'http://example.org/key1.json' } };
    expect((await verifyBadge({ assertion }, hosting().deps())).reports).toEqual([
      {
        format: 'ob2-signed',
        verified: false,
        checks: [{ check: 'signature', passed: false, detail: 'a signed assertion is verified from its JWS; the assertion as JSON carries no signature' }],
      },
    ]);
  });

  it('checks the recipient without writing the email into the report', async () => {
    const right = await verifyBadge({ assertion: basic(), email: 'nobody@example.org' }, hosting().deps());
    expect(right.verified).toBe(true);
    expect(right.reports[0]!.checks.at(-1)).toEqual({ check: 'recipient', passed: true, detail: 'the email given is the recipient' });
    const wrong = await verifyBadge({ assertion: basic(), email: 'somebody@example.org' }, hosting().deps());
    expect(failing(wrong)).toEqual([{ check: 'recipient', passed: false, detail: 'the email given is not the recipient' }]);
    expect(JSON.stringify([right, wrong])).not.toMatch(/nobody@|somebody@/);
  });
});

describe('OB 2.0 signed verification', () => {
  const jws = fixtureBytes('ob20/simple.jwt').toString('utf8').trim();

  it('fails a signed assertion whose payload was changed', async () => {
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), issuedOn: '2015-01-01T00:00:00Z' };
    const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    expect(failing(await verifyBadge({ assertion: tampered }, fixtureWeb().deps()))).toEqual([
      { check: 'signature', passed: false, detail: 'http://example.org/key1.json: the RS256 signature does not match the token' },
    ]);
  });

  it("fails when the issuer's profile does not list the key, wherever the key is published", async () => {
    const web = fixtureWeb().serve('https://example.org/organization.json', { ...fixtureJson('ob20/assets/organization.json'), publicKey: 'http://example.org/key2.json' });
    expect(failing(await verifyBadge({ assertion: jws }, web.deps()))).toEqual([
      { check: 'signature', passed: false, detail: "the signing key http://example.org/key1.json is not listed in the issuer's publicKey" },
    ]);
  });
});

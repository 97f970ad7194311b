// Badges from other issuers: the 1EdTech validator's OB 2.0 fixtures, with their URLs served from
// shared/ (as MANIFEST.json maps them), give the outcomes the official test suite expects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FetchJson } from '../../../functions/verify/fetch-document';
import { FetchFailed } from '../../../functions/verify/fetch-document';
import { verifyBadge } from '../../../functions/verify/service';

const root = '../shared/openbadges/fixtures/ob20';
const fetchJson: FetchJson = async (url) => {
  const path = /^https?:\/\/(www\.)?example\.org\/(.+)$/.exec(url)?.[2];
  if (!path) throw new FetchFailed(`${url} is not reachable in tests`);
  try {
    return { status: 200, json: JSON.parse(readFileSync(`${root}/assets/${path}`, 'utf8')) as unknown };
  } catch {
    return { status: 404, json: undefined };
  }
};
const now = new Date('2026-11-29T00:00:00Z');
const deps = { fetchJson, now };
const fixture = (name: string) => JSON.parse(readFileSync(`${root}/${name}`, 'utf8')) as Record<string, unknown>;

/** As the official suite does: the assertion under test is what its issuer hosts at its id. */
function verifyFixture(name: string, email?: string) {
  const assertion = fixture(name);
  const hosting: FetchJson = async (url) => (url === assertion.id ? { status: 200, json: assertion } : fetchJson(url));
  return verifyBadge({ assertion, ...(email ? { email } : {}) }, { fetchJson: hosting, now });
}

describe('OB 2.0 hosted verification of other issuers’ badges', () => {
  it.each([
    'basic-assertion.json',
    'basic-assertion-with-allowed-origins.json',
    'basic-assertion-with-allowed-origins-valid-starts-with.json',
    'basic-assertion-with-allowed-origins-valid-multiple-starts-with.json',
  ])('%s verifies', async (name) => {
    const result = await verifyFixture(name);
    expect(result.verified, JSON.stringify(result.results[0]?.checks)).toBe(true);
  });

  it.each([
    ['basic-assertion-expired.json', 'expiry'],
    ['basic-assertion-expired-before-issued.json', 'expiry'],
    ['basic-assertion-in-future.json', 'format'],
    ['basic-assertion-invalid-type.json', 'format'],
    ['basic-assertion-invalid-context.json', 'format'],
    ['basic-assertion-with-allowed-origins-invalid-starts-with.json', 'hosted-origin'],
    ['basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json', 'hosted-origin'],
  ])('%s fails its %s check', async (name, check) => {
    const result = await verifyFixture(name);
    expect(result.verified).toBe(false);
    expect(result.results[0]!.checks).toContainEqual(expect.objectContaining({ check, passed: false }));
  });

  it('checks the recipient against the hashed identity, without echoing the email', async () => {
    const right = await verifyFixture('basic-assertion.json', 'nobody@example.org');
    expect(right.results[0]!.checks).toContainEqual({ check: 'recipient', passed: true, detail: 'the email given is the recipient' });
    const wrong = await verifyFixture('basic-assertion.json', 'somebody@example.org');
    expect(wrong.verified).toBe(false);
    expect(JSON.stringify(wrong)).not.toContain('somebody@example.org');
  });

  it('unbakes and verifies the reference baked PNG, and reports an unreachable host as a failed check', async () => {
    const image = readFileSync(`${root}/simple-badge.png`).toString('base64');
    const result = await verifyBadge({ image }, deps);
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.format).toBe('ob2-hosted');
    const unreachable = await verifyBadge({ url: 'https://unreachable.invalid/assertion.json' }, deps);
    expect(unreachable.verified).toBe(false);
    expect(unreachable.results[0]!.checks[0]).toMatchObject({ check: 'fetch', passed: false });
  });
});

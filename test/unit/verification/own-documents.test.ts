await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
// The city's own badges verify from its own table and key, never over the network: the demo city's
// award as a credential, as a URL (OB 3.0 and OB 2.0 hosted) and as its baked image, with no fetch at
// all; revoked, they fail. A URL under the base URL that names no document is not found, not fetched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { cityEnvironment, VERIFY_ALLOWED_PORTS_ENV } from '../../../definitions/city-env';
import { routes, type Route } from '../../../definitions/routes';
import { getAward, revokeAward } from '../../../functions/data/awards';
import type { Award } from '../../../functions/domain/awards';
import { awardUrls } from '../../../functions/domain/awards';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { verifyBadge, type VerifyInput } from '../../../functions/domain/verification';
import { allowedPorts, documentFetcher } from '../../../functions/verify/fetch-document';
import { isOwnUrl, OWN_DOCUMENTS, ownDocument } from '../../../functions/verify/service';
import type { LocalSecrets } from '../../../local/secrets';
import { seedCity } from '../../../local/seed';
import { FakeAws } from '../../support/fake-aws';
import { unitResources } from '../../support/function-env';

const repoRoot = join(import.meta.dirname, '../../..');
const config = parseCityConfig(JSON.parse(readFileSync(join(repoRoot, 'cities/demo.json'), 'utf8')), 'cities/demo.json');
const baseUrl = process.env.PUBLIC_BASE_URL!;
const aws = new FakeAws();
const network = vi.fn(async () => Promise.reject(new Error('no network in this test')));
const fetchDocument = documentFetcher({ isOwnUrl, ownDocument, fetch: network, allowedPorts: [] });
const verify = (input: VerifyInput) => verifyBadge(input, { fetchDocument, now: new Date(), createDocumentLoader });
let award: Award;

beforeAll(async () => {
  const secrets: LocalSecrets = { citySecret: unitResources.citySecret, signingKeyPem: unitResources.signingKeyPem, keys: {}, demo: { badgeClassIds: [] } };
  await seedCity(config, baseUrl, secrets);
  award = (await getAward(secrets.demo.awardId!))!;
}, 60_000);

const failing = (result: Awaited<ReturnType<typeof verify>>) => result.reports.flatMap((r) => r.checks.filter((c) => !c.passed));

describe("the city's own badges", () => {
  it('verify from the table and the signing key, without one request over the network', async () => {
    const urls = awardUrls(baseUrl, award.id);
    const image = aws.objects.get(award.image.key)!.body;
    for (const input of [{ credential: award.credential }, { url: urls.credential }, { url: urls.assertion }, { image }] as VerifyInput[]) {
      const result = await verify(input);
      expect(failing(result), JSON.stringify(input).slice(0, 80)).toEqual([]);
      expect(result.verified).toBe(true);
    }
    expect(network).not.toHaveBeenCalled();
  });

  it('fail once revoked, in both generations, read from the table as well', async () => {
    await revokeAward(award, 'Issued in error.', new Date());
    const ob3 = await verify({ credential: award.credential });
    expect(failing(ob3)).toEqual([{ check: 'status', passed: false, detail: expect.stringMatching(/^revoked: entry \d+ of https:\/\/unit\.example\/status-lists\/central-library is set$/) }]);
    const ob2 = await verify({ url: awardUrls(baseUrl, award.id).assertion });
    expect(failing(ob2)).toEqual([{ check: 'status', passed: false, detail: 'revoked: the issuer has marked it revoked (reason: Issued in error.)' }]);
    expect(network).not.toHaveBeenCalled();
  });

  it('a URL under the base URL that names no document is not found, and not fetched', async () => {
    for (const path of ['/badges/no-such-award', '/issuers/nobody/profile', '/badge-classes/x/versions/0', '/health', '/verify', `/badges/${'x'.repeat(300)}`, '/badges/%E0%A4%A']) {
      expect(failing(await verify({ url: `${baseUrl}${path}` }))).toEqual([{ check: 'format', passed: false, detail: `nothing to verify: ${baseUrl}${path} answered HTTP 404` }]);
    }
    expect(network).not.toHaveBeenCalled();
  });
});

describe('which URLs are our own', () => {
  it('those under the base URL, however the origin is spelt; not another port or scheme of the same host', () => {
    expect(isOwnUrl(`${baseUrl}/badges/x`)).toBe(true);
    expect(isOwnUrl('HTTPS://UNIT.EXAMPLE:443/badges/x')).toBe(true);
    expect(isOwnUrl('https://unit.example')).toBe(true);
    for (const url of ['http://unit.example/badges/x', 'https://unit.example:8443/badges/x', 'https://unit.example.attacker.test/badges/x', 'not a url']) expect(isOwnUrl(url), url).toBe(false);
  });

  it('are each a public GET route of the route table', () => {
    const publicGets = (routes as readonly Route[]).filter((r) => r.method === 'GET' && r.access.kind === 'public').map((r) => `GET ${r.path}`);
    for (const key of Object.keys(OWN_DOCUMENTS)) expect(publicGets).toContain(key);
  });
});

describe('verify.allowedPorts', () => {
  it('is validated in the city config, none by default, and reaches the handler through its environment', () => {
    expect(config.verify.allowedPorts).toEqual([]);
    expect(cityEnvironment(config, baseUrl)[VERIFY_ALLOWED_PORTS_ENV]).toBeUndefined();
    const withPorts = parseCityConfig({ ...config, verify: { allowedPorts: [8443, 8080] } }, 'x');
    expect(allowedPorts(cityEnvironment(withPorts, baseUrl)[VERIFY_ALLOWED_PORTS_ENV])).toEqual([8443, 8080]);
    for (const port of [0, 65536, 1.5, '443']) expect(() => parseCityConfig({ ...config, verify: { allowedPorts: [port] } }, 'x'), String(port)).toThrow(/verify\.allowedPorts\[0\]/);
  });
});

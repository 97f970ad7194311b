// POST /verify on the local city: its own badges verify from its own table (its URLs are on localhost,
// which the guarded fetcher refuses, so nothing else could make them verify), and no URL it is given,
// or finds inside what it is given, reaches an internal address: a loopback canary counts 0 hits.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOOPBACK_HOSTS, startCanary, type Canary } from '../support/canary';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
let canary: Canary;
let award: Record<string, any>;

async function call(method: string, path: string, body: unknown, key?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const verify = async (body: unknown) => {
  const response = await call('POST', '/verify', body);
  expect(response.status).toBe(200);
  return response.body;
};
const failing = (result: Record<string, any>) => result.reports.flatMap((r: { checks: { passed: boolean }[] }) => r.checks.filter((c) => !c.passed));

beforeAll(async () => {
  canary = await startCanary();
  const badgeClass = await call('POST', '/badge-classes', { name: 'Verify test badge', description: 'Verified by its own city.', criteria: { narrative: 'Took part.' }, alignments: [{ skillId: 'coding' }] }, providerKey);
  expect(badgeClass.status).toBe(201);
  const issued = await call('POST', `/badge-classes/${badgeClass.body.id}/awards`, { recipient: { email: `verify-${randomBytes(4).toString('hex')}@example.org` } }, providerKey);
  expect(issued.status).toBe(201);
  award = issued.body;
});

afterAll(() => canary.close());

describe('POST /verify on the local city', () => {
  it("verifies the city's own badge from its table: as a credential, by URL in both generations, as a baked image", async () => {
    const image = Buffer.from(await (await fetch(`${base}/badges/${award.id}/image`)).arrayBuffer()).toString('base64');
    for (const body of [{ credential: award.credential }, { url: award.credential.id }, { url: `${base}/badges/${award.id}` }, { image }]) {
      const result = await verify(body);
      expect(failing(result), JSON.stringify(body).slice(0, 100)).toEqual([]);
      expect(result.verified).toBe(true);
    }
  });

  it("refuses the city's own server under another spelling of its address: that one is fetched, and it is internal", async () => {
    const url = `${base.replace('localhost', '127.0.0.1')}/badges/${award.id}`;
    expect(await verify({ url })).toEqual({ verified: false, reports: [{ format: 'unknown', verified: false, checks: [{ check: 'format', passed: false, detail: `nothing to verify: could not fetch ${url}` }] }] });
  });

  it('refuses internal URLs in every spelling, inside submitted documents too: 0 canary hits, the generic reason', async () => {
    for (const host of LOOPBACK_HOSTS) {
      const url = `http://${host}:${canary.port}/badge.json`;
      expect(failing(await verify({ url }))).toEqual([{ check: 'format', passed: false, detail: `nothing to verify: could not fetch ${url}` }]);
    }
    const internal = `http://127.0.0.1:${canary.port}/secret`;
    const assertion = { '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: internal, recipient: { type: 'email', identity: 'a@example.org' }, badge: internal, verification: { type: 'hosted' }, issuedOn: '2025-01-01T00:00:00Z' };
    expect(failing(await verify({ assertion }))).toEqual([{ check: 'hosted', passed: false, detail: `could not fetch ${internal}` }]);

    // The city's own credential, pointed elsewhere: its proof's key, its issuer and its status list.
    const credential = {
      ...award.credential,
      issuer: { ...award.credential.issuer, id: `http://[::1]:${canary.port}/issuer` },
      credentialStatus: { ...award.credential.credentialStatus, statusListCredential: `http://0.0.0.0:${canary.port}/list` },
      proof: award.credential.proof.map((p: object) => ({ ...p, verificationMethod: `http://localhost:${canary.port}/issuer#key` })),
    };
    const result = await verify({ credential });
    expect(result.verified).toBe(false);
    expect(failing(result)).toContainEqual({ check: 'status', passed: false, detail: `status unknown: could not fetch http://0.0.0.0:${canary.port}/list` });
    expect(JSON.stringify(result)).not.toMatch(/canary|InternalSecret|ECONNREFUSED/);
    expect(canary.hits).toEqual([]);
  });
});

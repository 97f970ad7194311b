// The heart of the product, end to end on the local city: a provider creates a badge class aligned to
// two spine skills, awards it, and the badge verifies with independent libraries in both formats, its
// baked image round-trips, its page renders in Chromium, and a revocation shows everywhere.
import { randomBytes } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unbake } from '../../functions/domain/baking';
import { decodeList, getStatus } from '../../functions/domain/credentials/status-list';
import { launchChromium } from '../support/chromium';
import { validateAchievementCredential } from '../support/ob3-schema';
import { referenceContext } from '../support/openbadges-reference';
import type { Browser } from 'playwright-core';

const base = inject('cityUrl');
const providerKey = inject('providerKey');
const adminKey = inject('adminKey');

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${providerKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const getJson = async (url: string) => (await fetch(url, { headers: { accept: 'application/ld+json' } })).json() as Promise<Record<string, any>>;

/** Contexts from the reference folder on disk; the city's own documents (issuer profiles, keys) fetched from it. */
const documentLoader = async (url: string) => {
  const context = referenceContext(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith(base)) {
    const [documentUrl, fragment] = url.split('#');
    const document = await getJson(documentUrl!);
    const method = fragment ? document.verificationMethod?.find((m: { id: string }) => m.id === url) : undefined;
    return { contextUrl: null, documentUrl: url, document: method ? { '@context': document['@context'], ...method } : document };
  }
  throw new Error(`no network in tests: ${url}`);
};

/** The award's bit in its issuer's status list, after checking that list's own signature. */
async function revokedBit(credential: Record<string, any>): Promise<boolean> {
  const { statusListCredential, statusListIndex } = credential.credentialStatus;
  const list = await getJson(statusListCredential);
  expect((await independentlyVerify(list)).verified).toBe(true);
  expect(list.issuer).toBe(credential.issuer.id);
  return getStatus(decodeList(list.credentialSubject.encodedList), Number(statusListIndex));
}

const verify = async (body: unknown) =>
  (await (await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, any>;

const independentlyVerify = (credential: object) =>
  verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }) });

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

// The learner's own account, which both formats carry (OB 2.0 Assertion.narrative, OB 3.0 AchievementSubject.narrative).
const NARRATIVE = 'I built a maze game with a friend and showed it at the library.';

describe('awarding a badge', () => {
  const email = `learner-${randomBytes(4).toString('hex')}@example.org`;
  let badgeClassId: string;
  let award: Record<string, any>;

  it('creates a badge class aligned to two skills of the spine', async () => {
    const created = await call('POST', '/badge-classes', {
      name: 'Library Coding Club',
      description: 'Took part in ten sessions of the library coding club.',
      criteria: { narrative: 'Attend ten sessions and build one project.' },
      alignments: [{ skillId: 'coding', level: 'builder' }, { skillId: 'teamwork' }],
      tags: ['coding'],
    });
    expect(created.status).toBe(201);
    badgeClassId = created.body.id;
    expect(created.body.alignments.map((a: { targetUrl: string }) => a.targetUrl)).toEqual([`${base}/skills/coding`, `${base}/skills/teamwork`]);
    expect((await call('POST', '/badge-classes', { ...created.body, alignments: [{ skillId: 'juggling' }] })).body.errors).toEqual([
      { in: 'body', field: 'alignments[0].skillId', detail: "is not a skill of the city's spine" },
    ]);
  });

  it('awards it without publishing the email anywhere', async () => {
    const response = await call('POST', `/badge-classes/${badgeClassId}/awards`, {
      recipient: { email },
      evidence: [{ url: 'https://example.org/project', name: 'A maze game' }],
      narrative: NARRATIVE,
    });
    expect(response.status).toBe(201);
    award = response.body;
    expect(award.id).toMatch(/^[a-z2-7]{26}$/);
    for (const url of [award.links.page, award.links.credential]) expect(await (await fetch(url)).text()).not.toContain(email);
    expect(JSON.stringify(award)).not.toContain(email);
  });

  it('serves a hosted OB 2.0 assertion that is valid JSON-LD with what the spec requires', async () => {
    const assertion = await getJson(award.links.assertion);
    expect(assertion).toMatchObject({ type: 'Assertion', id: award.links.assertion, verification: { type: 'hosted' }, recipient: { type: 'email', hashed: true } });
    expect(assertion.recipient.identity).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(assertion).toMatchObject({ narrative: NARRATIVE, evidence: [{ type: 'Evidence', id: 'https://example.org/project', name: 'A maze game' }] });
    const badgeClass = await getJson(assertion.badge);
    expect(badgeClass).toMatchObject({ type: 'BadgeClass', id: assertion.badge, issuer: `${base}/issuers/central-library` });
    const issuer = await getJson(badgeClass.issuer);
    expect(issuer).toMatchObject({ type: 'Issuer', id: badgeClass.issuer, name: 'Central Library' });
    for (const document of [assertion, badgeClass, issuer]) {
      const expanded = await jsonld.expand(document, { documentLoader, safe: true });
      expect(expanded).toHaveLength(1);
      expect(JSON.stringify(expanded)).toContain('https://w3id.org/openbadges#');
    }
    expect(new URL(assertion.id).host).toBe(new URL(issuer.id).host); // hosted verification's origin rule
  });

  it('serves a signed OB 3.0 credential that passes the 1EdTech schema and an independent verifier', async () => {
    const credential = await getJson(award.links.credential);
    expect(validateAchievementCredential(credential), JSON.stringify(validateAchievementCredential.errors)).toBe(true);
    // The learner's narrative and evidence are signed with the rest.
    expect(credential.credentialSubject.narrative).toBe(NARRATIVE);
    expect(credential.evidence).toEqual([{ type: ['Evidence'], id: 'https://example.org/project', name: 'A maze game' }]);
    const result = await independentlyVerify(credential);
    expect(result.verified, JSON.stringify(result.error ?? result)).toBe(true);
    expect(await revokedBit(credential)).toBe(false);
    // Changing the learner's words breaks the signature: they are part of what the issuer vouches for.
    expect((await independentlyVerify({ ...credential, credentialSubject: { ...credential.credentialSubject, narrative: 'Something else.' } })).verified).toBe(false);
    for (const tamper of [
      (c: any) => (c.name = 'Something else'),
      (c: any) => (c.credentialSubject.identifier[0].identityHash = `sha256$${'0'.repeat(64)}`),
      (c: any) => (c.credentialSubject.achievement.alignment[0].targetUrl = 'https://evil.example/skill'),
      (c: any) => (c.validFrom = '2020-01-01T00:00:00Z'),
    ]) {
      const altered = structuredClone(credential);
      tamper(altered);
      expect((await independentlyVerify(altered)).verified).toBe(false);
    }
  });

  it('bakes both into a PNG that stays a valid PNG and unbakes to the same documents', async () => {
    const response = await fetch(award.links.image);
    expect(response.headers.get('content-type')).toBe('image/svg+xml'); // the class kept its default SVG
    const badgeClassId2 = (await call('POST', '/badge-classes', { name: 'PNG badge', description: 'x', criteria: { narrative: 'y' } })).body.id;
    const heart = Buffer.from(await (await fetch(`${base}/badge-classes/${badgeClassId}/versions/1/image`)).arrayBuffer());
    expect(heart.toString('utf8')).toContain('<svg');
    const png = new PNG({ width: 64, height: 64 });
    png.data.fill(200);
    const upload = await fetch(`${base}/badge-classes/${badgeClassId2}/image`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'image/png' },
      body: PNG.sync.write(png),
    });
    expect(upload.status).toBe(200);
    const pngAward = (await call('POST', `/badge-classes/${badgeClassId2}/awards`, { recipient: { email } })).body;
    const baked = Buffer.from(await (await fetch(pngAward.links.image)).arrayBuffer());
    expect(PNG.sync.read(baked).width).toBe(64);
    const payloads = unbake(baked);
    expect(JSON.parse(payloads.openbadges!)).toEqual(await getJson(pngAward.links.assertion));
    expect(JSON.parse(payloads.openbadgecredential!)).toEqual(await getJson(pngAward.links.credential));
    expect((await independentlyVerify(JSON.parse(payloads.openbadgecredential!))).verified).toBe(true);
    const svgPayloads = unbake(Buffer.from(await response.arrayBuffer()));
    expect(JSON.parse(svgPayloads.openbadges!).id).toBe(award.links.assertion);

    // POST /verify takes the baked image and checks both formats, and the holder's email.
    const verified = await verify({ image: baked.toString('base64'), email });
    expect(verified.verified, JSON.stringify(verified)).toBe(true);
    expect(verified.reports.map((r: { format: string }) => r.format).sort()).toEqual(['ob2-hosted', 'ob3-credential']);
    expect(JSON.stringify(verified)).not.toContain(email);
    const wrongEmail = await verify({ image: baked.toString('base64'), email: 'someone.else@example.org' });
    expect(wrongEmail.verified).toBe(false);
    expect(wrongEmail.reports.flatMap((r: { checks: { check: string; passed: boolean }[] }) => r.checks).filter((c: { check: string }) => c.check === 'recipient').every((c: { passed: boolean }) => !c.passed)).toBe(true);
  });

  it('verifies through POST /verify by URL and by credential, and rejects every tampered input', async () => {
    expect((await verify({ url: award.links.assertion })).verified).toBe(true);
    expect((await verify({ url: award.links.credential })).verified).toBe(true);
    const credential = await getJson(award.links.credential);
    expect((await verify({ credential })).verified).toBe(true);
    expect((await verify({ credential: { ...credential, name: 'Forged' } })).verified).toBe(false);
    const assertion = await getJson(award.links.assertion);
    expect((await verify({ assertion })).verified).toBe(true);
    expect((await verify({ assertion: { ...assertion, issuedOn: '2001-01-01T00:00:00Z' } })).verified).toBe(false);
    const noBadge = await fetch(`${base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: PNG.sync.write(new PNG({ width: 4, height: 4 })).toString('base64') }),
    });
    expect(noBadge.status).toBe(400);
    const two = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: award.links.assertion, credential }) });
    expect(two.status).toBe(400);
  });

  it('shows a public page in Chromium, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(award.links.page);
    await expect(page.locator('h1').textContent()).resolves.toContain('Library Coding Club');
    await expect(page.getByText('Verified').first().isVisible()).resolves.toBe(true);
    await expect(page.locator(`a[href="${base}/skills/coding"]`).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/local-city-badge-page.png', fullPage: true });
    await context.close();
  });

  it('revokes it: the assertion, the status list, the page and a second revocation all say so', async () => {
    expect((await call('POST', `/awards/${award.id}/revoke`, { reason: 'Awarded to the wrong learner' })).status).toBe(200);
    expect(await getJson(award.links.assertion)).toMatchObject({ revoked: true, revocationReason: 'Awarded to the wrong learner' });
    const html = await (await fetch(award.links.page, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('Awarded to the wrong learner');
    expect(await revokedBit(await getJson(award.links.credential))).toBe(true);
    for (const url of [award.links.assertion, award.links.credential]) {
      const afterRevoke = await verify({ url });
      expect(afterRevoke.verified).toBe(false);
      expect(afterRevoke.reports[0].checks).toContainEqual(expect.objectContaining({ check: 'status', passed: false }));
    }
    expect((await call('POST', `/awards/${award.id}/revoke`, { reason: 'again' })).status).toBe(409);
  });

  it("refuses another provider's class, an archived class and a malformed email, writing nothing", async () => {
    expect((await call('POST', `/badge-classes/${badgeClassId}/awards`, { recipient: { email: 'not-an-email' } })).body.errors).toEqual([
      { in: 'body', field: 'recipient.email', detail: expect.any(String) },
    ]);
    const otherId = `other-${randomBytes(4).toString('hex')}`;
    const asAdmin = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await asAdmin('/issuers', { id: otherId, name: 'Other', url: 'https://other.example.org', email: 'a@other.example.org' });
    const { key } = (await (await asAdmin(`/issuers/${otherId}/api-keys`, { label: 'x', scopes: ['badges:issue'] })).json()) as { key: string };
    const stranger = await fetch(`${base}/badge-classes/${badgeClassId}/awards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { email } }),
    });
    expect(stranger.status).toBe(404);
    expect((await call('POST', `/badge-classes/${badgeClassId}/archive`)).status).toBe(200);
    expect((await call('POST', `/badge-classes/${badgeClassId}/awards`, { recipient: { email } })).status).toBe(409);
  });
});

await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
// The verify page for people, over the demo city's own award: the empty form; a baked image uploaded
// through the form (multipart, as a browser sends it), a link and pasted JSON, each answered as a page
// in words; revoked, it says so; mistakes (nothing given, two things, a file too large, not a badge)
// answered as the page with 400 or 413; and POST /verify's JSON answer unchanged for machines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { PAGE_SECURITY_HEADERS } from '../../definitions/security-headers';
import { getAward, revokeAward } from '../../functions/data/awards';
import { awardUrls, type Award } from '../../functions/domain/awards';
import { verdictOf } from '../../functions/domain/pages/verify-page';
import { pastedBadge } from '../../functions/domain/verification/pasted';
import { handler } from '../../functions/verify/handler';
import type { LocalSecrets } from '../../local/secrets';
import { seedCity } from '../../local/seed';
import { context, httpEvent, parseBody } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { unitResources } from '../support/function-env';
import { textOf } from './pages/markup';

const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')), 'cities/demo.json');
const baseUrl = process.env.PUBLIC_BASE_URL!;
const aws = new FakeAws();
let award: Award;

beforeAll(async () => {
  const secrets: LocalSecrets = { citySecret: unitResources.citySecret, signingKeyPem: unitResources.signingKeyPem, keys: {}, demo: { badgeClassIds: [] } };
  await seedCity(config, baseUrl, secrets);
  award = (await getAward(secrets.demo.awardId!))!;
}, 60_000);

/** A form as a browser encodes it. */
async function post(fields: Record<string, string | Blob>, encoding: 'multipart' | 'urlencoded' = 'multipart'): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const body = encoding === 'multipart' ? data : new URLSearchParams(fields as Record<string, string>);
  const request = new Request('http://unit.example/verify', { method: 'POST', body });
  const bytes = Buffer.from(await request.arrayBuffer());
  const reply = await handler(
    { ...httpEvent({ method: 'POST', path: '/verify', headers: { 'content-type': request.headers.get('content-type')!, accept: 'text/html' } }), body: bytes.toString('base64'), isBase64Encoded: true },
    context,
  );
  return { ...reply, body: reply.body ?? '' };
}

const emptyFile = () => new File([], '', { type: 'application/octet-stream' });

describe('GET /verify', () => {
  it('is a form that works without JavaScript: a file, a link, pasted data and an optional email, posted as multipart', async () => {
    const reply = await handler(httpEvent({ path: '/verify', headers: { accept: 'text/html' } }), context);
    const page = { ...reply, body: reply.body ?? '' };
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS });
    expect(page.body).toContain(`<form class="verify-form" action="${baseUrl}/verify" method="post" enctype="multipart/form-data">`);
    for (const field of ['name="image" type="file"', 'name="url" type="url"', '<textarea id="verify-json" name="json"', 'name="email" type="email"']) expect(page.body).toContain(field);
    expect(page.body).not.toContain('<script');
  });
});

describe('POST /verify from the page', () => {
  it('checks an uploaded baked image and says in words that it is valid, with the issuer, the badge and the date', async () => {
    const image = aws.objects.get(award.image.key)!.body;
    const page = await post({ image: new File([image], 'badge.svg', { type: 'image/svg+xml' }), url: '', json: '', email: '' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = textOf(page.body);
    // The demo image carries both generations: a result for each.
    expect(text.match(/Valid/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Every check passed: this badge is genuine, and current.');
    expect(text).toContain('Code Club: First Steps');
    expect(text).toContain('Issued by');
    expect(text).toContain('Open Badges 3.0 verifiable credential');
  });

  it('checks a link and pasted JSON (told apart: a credential, an assertion), and a right email', async () => {
    const urls = awardUrls(baseUrl, award.id);
    const cases: Record<string, string>[] = [{ url: urls.credential }, { json: JSON.stringify(award.credential) }, { json: JSON.stringify(award.assertion), email: 'demo.learner@example.org' }];
    for (const fields of cases) {
      const page = await post(fields, 'urlencoded');
      expect(page.statusCode, JSON.stringify(fields).slice(0, 60)).toBe(200);
      expect(textOf(page.body)).toContain('Every check passed');
    }
    // The email is checked, never shown back.
    const wrong = await post({ json: JSON.stringify(award.credential), email: 'someone.else@example.org' });
    expect(textOf(wrong.body)).toContain('Not verifiable');
    expect(textOf(wrong.body)).toContain('It was issued to the email given');
    expect(wrong.body).not.toContain('someone.else@example.org');
  });

  it('says what to put right, as the page: nothing given, two things, a file too large, not a badge', async () => {
    const nothing = await post({ image: emptyFile(), url: '', json: '' });
    expect(nothing.statusCode).toBe(400);
    expect(textOf(nothing.body)).toContain('Choose the badge image, or paste the badge’s link or its data.');
    const two = await post({ url: 'https://example.org/badge', json: '{}' });
    expect(two.statusCode).toBe(400);
    expect(textOf(two.body)).toContain('Give only one of them');
    // What was typed is put back into the form.
    expect(two.body).toContain('value="https://example.org/badge"');
    const large = await post({ image: new File([Buffer.alloc(1024 * 1024 + 1)], 'big.png', { type: 'image/png' }) });
    expect(large.statusCode).toBe(413);
    expect(textOf(large.body)).toContain('The image may be at most 1 MB');
    const notJson = await post({ json: 'hello there' });
    expect(notJson.statusCode).toBe(400);
    expect(textOf(notJson.body)).toContain('The badge data is neither a JSON object nor a compact JWS.');
    const notBadge = await post({ image: new File([Buffer.from('GIF89a')], 'x.gif', { type: 'image/gif' }) });
    expect(notBadge.statusCode).toBe(400);
    expect(notBadge.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('says a revoked badge is revoked', async () => {
    const revokedAward = { ...award };
    await revokeAward(revokedAward, 'Issued in error.', new Date());
    const page = await post({ json: JSON.stringify(award.credential) });
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Revoked');
    expect(textOf(page.body)).toContain('its issuer has revoked it');
  });
});

describe('POST /verify for machines', () => {
  it('answers JSON exactly as before, whatever the Accept header', async () => {
    const reply = await handler(
      httpEvent({ method: 'POST', path: '/verify', headers: { 'content-type': 'application/json', accept: 'text/html' }, body: JSON.stringify({ credential: award.credential }) }),
      context,
    );
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(parseBody(reply)).toMatchObject({ verified: expect.any(Boolean), reports: [{ format: 'ob3-credential' }] });
    const bad = await handler(httpEvent({ method: 'POST', path: '/verify', headers: { 'content-type': 'application/json' }, body: '{}' }), context);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
  });
});

describe('verdicts and pasted data', () => {
  const report = (checks: { check: 'status' | 'expiry' | 'signature'; passed: boolean; detail: string }[]) => ({ format: 'ob3-credential' as const, verified: checks.every((c) => c.passed), checks });
  it('are revoked or expired only when that is the one thing wrong', () => {
    expect(verdictOf(report([{ check: 'status', passed: true, detail: 'ok' }]))).toBe('valid');
    expect(verdictOf(report([{ check: 'status', passed: false, detail: 'revoked: entry 3 is set' }]))).toBe('revoked');
    expect(verdictOf(report([{ check: 'expiry', passed: false, detail: 'expired 2020-01-01' }]))).toBe('expired');
    expect(verdictOf(report([{ check: 'expiry', passed: false, detail: 'expired 2020-01-01' }, { check: 'signature', passed: false, detail: 'bad' }]))).toBe('not-verifiable');
    expect(verdictOf(report([{ check: 'status', passed: false, detail: 'revocation unknown: unreachable' }]))).toBe('not-verifiable');
  });

  it('go to the credential or the assertion field by what they say they are', () => {
    expect(pastedBadge('{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}')).toHaveProperty('credential');
    expect(pastedBadge('{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}')).toHaveProperty('assertion');
    const jwt = (payload: object) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
    expect(pastedBadge(jwt({ vc: { type: ['VerifiableCredential'] } }))).toHaveProperty('credential');
    expect(pastedBadge(jwt({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion' }))).toHaveProperty('assertion');
    expect(pastedBadge('not json')).toEqual({ credential: 'not json' });
  });
});

// Input that is not a badge at all is a DomainError 'invalid' naming the field, raised before anything
// is fetched; a badge that fails its checks is a report.
import { describe, expect, it } from 'vitest';
import { bake } from '../../../functions/domain/baking';
import { callerMessage, DomainError } from '../../../functions/domain/errors';
import { verifyBadge, type VerifyInput } from '../../../functions/domain/verification';
import { jsonFetcher } from '../../../functions/domain/verification/fetch';
import { fixtureBytes, Web } from './web';

async function invalidFields(input: unknown) {
  const web = new Web();
  const error = await verifyBadge(input as VerifyInput, web.deps()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(web.requested).toEqual([]);
  const { kind, fields } = error as DomainError;
  expect(kind).toBe('invalid');
  return fields.map(({ in: where, field }) => `${where}.${field}`);
}

describe('verifyBadge input', () => {
  it('wants exactly one thing to verify', async () => {
    expect(await invalidFields({})).toEqual(['body.']);
    expect(await invalidFields({ email: 'ana@example.org' })).toEqual(['body.']);
    expect(await invalidFields({ url: 'https://example.org/a', assertion: {} })).toEqual(['body.']);
  });

  it('names the field that is malformed', async () => {
    expect(await invalidFields({ url: 'ftp://example.org/a' })).toEqual(['body.url']);
    expect(await invalidFields({ url: 'https://example.org/a', email: 'not an email' })).toEqual(['body.email']);
    expect(await invalidFields({ credential: 'hello' })).toEqual(['body.credential']);
    expect(await invalidFields({ credential: 42 })).toEqual(['body.credential']);
    expect(await invalidFields({ assertion: '[1, 2]' })).toEqual(['body.assertion']);
    expect(await invalidFields({ image: 'iVBORw0KGgo=' })).toEqual(['body.image']);
  });

  it('refuses an image that is no PNG or SVG, or carries no badge', async () => {
    expect(await invalidFields({ image: Buffer.from('%PDF-1.7 not an image') })).toEqual(['body.image']);
    expect(await invalidFields({ image: Buffer.alloc(0) })).toEqual(['body.image']);
    expect(await invalidFields({ image: fixtureBytes('bakery-ob20/public_domain_heart.png') })).toEqual(['body.image']);
    expect(await invalidFields({ image: fixtureBytes('bakery-ob20/unbaked_example.svg') })).toEqual(['body.image']);
  });

  it('reports a baked payload that is no badge as a failed format check', async () => {
    const image = bake({ type: 'png', data: fixtureBytes('bakery-ob20/public_domain_heart.png') }, { openbadgecredential: 'hello, world' });
    expect(await verifyBadge({ image }, new Web().deps())).toEqual({
      verified: false,
      reports: [{ format: 'unknown', verified: false, checks: [{ check: 'format', passed: false, detail: "the image's openbadgecredential payload is neither JSON, a compact JWS nor a URL" }] }],
    });
  });

  it('reports an OB 3.0 credential of an unknown type as a failed format check, not as bad input', async () => {
    const result = await verifyBadge({ credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] } }, new Web().deps());
    expect(result.verified).toBe(false);
    expect(result.reports[0]!.checks[0]).toMatchObject({ check: 'format', passed: false });
  });
});

describe('hostile badges', () => {
  // Found by the fuzz tests (test/unit/hostile-input.test.ts).
  const deep = (levels: number) => `{"@context":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('treats JSON text nested too deeply to handle as no JSON at all, instead of overflowing the stack', async () => {
    expect(await invalidFields({ credential: deep(10_000) })).toEqual(['body.credential']);
    expect(await invalidFields({ assertion: deep(10_000) })).toEqual(['body.assertion']);
  });

  it('does not fetch documents nested too deeply to handle', async () => {
    const web = new Web().serve('https://issuer.example/deep', deep(10_000));
    await expect(jsonFetcher(web.fetchDocument)('https://issuer.example/deep')).rejects.toThrow('https://issuer.example/deep answered JSON nested more than 64 levels deep');
  });

  it("reports what the proof library trips over as a malformed credential, never the engine's TypeError", async () => {
    // {} made @digitalbazaar/vc read credential['@context'][0]: the report said
    // "Cannot read properties of undefined (reading '0')".
    const result = await verifyBadge({ credential: {} }, new Web().deps());
    const signature = result.reports[0]!.checks.find((c) => c.check === 'signature')!;
    expect(signature).toEqual({ check: 'signature', passed: false, detail: 'the credential or its proof is malformed' });
    expect(JSON.stringify(result)).not.toMatch(/Cannot read|reading '/);
  });

  it('passes on messages that describe the input, and replaces those the engine wrote', () => {
    expect(callerMessage(new TypeError('"credentialSubject" must be an object'), 'malformed')).toBe('"credentialSubject" must be an object');
    expect(callerMessage(new TypeError("Cannot read properties of undefined (reading 'id')"), 'malformed')).toBe('malformed');
    expect(callerMessage(new RangeError('Maximum call stack size exceeded'), 'malformed')).toBe('malformed');
    expect(callerMessage(new TypeError('x.map is not a function'), 'malformed')).toBe('malformed');
  });
});

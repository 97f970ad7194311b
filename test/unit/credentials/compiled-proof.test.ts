// The compiled signing path against the reference stack: its canonical N-Quads byte for byte against
// jsonld.canonize (same loader, the cryptosuite's options) over random awards, its signatures against
// @digitalbazaar/vc's verifier, and its refusals (anything not of the compiled shape goes generic).
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import fc from 'fast-check';
import jsonld from 'jsonld';
import { describe, expect, it, vi } from 'vitest';
import { compiledCanonicalForm, compiledProof } from '../../../functions/domain/credentials/compiled-proof';
import { controllerDocumentResolver } from '../../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import type { DocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential, OpenBadgeCredentialInputSchema } from '../../../functions/domain/credentials/open-badge-credential';
import type { OpenBadgeCredentialInput } from '../../../functions/domain/credentials/open-badge-credential';
import { compileShape, ShapeCompileError } from '../../../functions/domain/credentials/rdf-shape';
import { signCredential } from '../../../functions/domain/credentials/sign';
import { awardInput, controllerDocument, diskLoader, ISSUER_ID, signer } from './support';

const loader = createDocumentLoader({ resolve: controllerDocumentResolver(controllerDocument) });

/** What eddsa-rdfc-2022's canonize() computes: jsonld.toRDF then rdf-canonize, with its options. */
const referenceForm = (document: object, documentLoader: DocumentLoader = loader) =>
  jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true, base: null, rdfDirection: 'i18n-datatype' });

/** At `now`, as the verifier refuses a credential outside its validity period before the proof. */
async function libraryVerifies(credential: object, now?: string): Promise<boolean> {
  const result = await vc.verifyCredential({
    credential,
    now,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: diskLoader([controllerDocument]),
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}

// Text as people write it: any script, astral symbols, combining marks, right-to-left runs, quotes,
// backslashes and control characters (which N-Quads escapes), and long texts.
const samples = ['مدرسة البرمجة', 'שלום עולם', 'e\u0301te\u0301', '👩🏽‍💻 coding', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'a "quoted" \\ line\nnext\ttab\r', '\u202Eevil\u202C', 'Zoë & Łukasz', '\u0000\u0008\u000C\u007F'];
const text = fc
  .oneof(
    fc.constantFrom(...samples),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme-composite', minLength: 500, maxLength: 3000 }),
  )
  .filter((s) => s.trim().length > 0);
// Odd but valid URLs, and a small pool so that nodes sometimes share an id (jsonld merges them).
const oddUrls = [
  'http://localhost:3000/badges/1',
  'https://例え.jp/パス/ü?q=ß#frag',
  'https://x.example/a%20b;p=1?q=a&q=b#',
  'https://user:pw@host.example:8443/p/',
  'http://[::1]:8080/x',
  'https://x.example/shared',
  'HTTPS://UPPER.EXAMPLE/Case',
];
const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom(...oddUrls));
// Addresses the email schema takes (fast-check's own are RFC 5322's, most of which it refuses).
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.constantFrom('', '.', '+', '_', "'", '-'), fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), fc.domain())
  .map(([a, sep, b, domain]) => `${a}${sep}${b}@${domain}`);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });

const awardInputs: fc.Arbitrary<OpenBadgeCredentialInput> = fc
  .record({
    id: url,
    issuer: fc.record({ id: url, name: text, url, email: optional(email), description: optional(text), image: optional(url) }, { requiredKeys: ['id', 'name', 'url'] }),
    achievement: fc.record({
      id: url,
      name: text,
      description: text,
      criteria: fc.oneof(fc.record({ id: url }), fc.record({ narrative: text }), fc.record({ id: url, narrative: text })),
      image: fc.record({ id: url, caption: optional(text) }, { requiredKeys: ['id'] }),
      alignment: fc.array(
        fc.record(
          { targetName: text, targetUrl: url, targetDescription: text, targetFramework: text, targetCode: fc.constantFrom('coding', 'x', 'ü') },
          { requiredKeys: ['targetName', 'targetUrl'] },
        ),
        { maxLength: 12 },
      ),
      tag: optional(fc.array(fc.oneof(text, fc.constant('same')), { minLength: 1, maxLength: 8 })),
    }, { requiredKeys: ['id', 'name', 'description', 'criteria', 'image', 'alignment'] }),
    recipient: fc.record({ email, salt: fc.string({ minLength: 8, maxLength: 32 }) }),
    // The learner's own narrative (credentialSubject.narrative), and evidence below.
    narrative: optional(text),
    validFrom: instant,
    validFor: optional(fc.integer({ min: 1, max: 10 ** 11 })),
    offset: fc.constantFrom('Z', '+00:00', '+05:30', '-11:00'),
    evidence: optional(
      fc.array(fc.record({ id: url, name: text, description: text, narrative: text }, { requiredKeys: [] }), { maxLength: 10 }),
    ),
    status: fc.record({ statusListCredential: url, statusListIndex: fc.nat() }),
  })
  .map(({ validFrom, validFor, offset, ...rest }) => ({
    ...rest,
    validFrom: withOffset(validFrom, offset),
    validUntil: validFor === undefined ? undefined : withOffset(new Date(validFrom.getTime() + validFor), 'Z'),
  }));

// A timezone other than Z names another instant; fc.pre drops the few that end before they start.
const withOffset = (date: Date, offset: string) => (offset === 'Z' ? date.toISOString() : `${date.toISOString().slice(0, -1)}${offset}`);

describe('the compiled canonical form', () => {
  it('is byte-identical to jsonld.canonize for random awards, and is always taken for them', async () => {
    let compiledRuns = 0;
    await fc.assert(
      fc.asyncProperty(awardInputs, async (input) => {
        fc.pre(OpenBadgeCredentialInputSchema.safeParse(input).success);
        const credential = buildOpenBadgeCredential(input);
        const reference = await referenceForm(credential).catch((error: Error) => error);
        const compiled = await compiledCanonicalForm(credential, loader);
        if (reference instanceof Error) {
          // jsonld refuses it (e.g. a URL that is not an absolute IRI): the compiled path must not answer.
          expect(compiled).toBeUndefined();
        } else {
          expect(compiled).toBe(reference);
          compiledRuns++;
        }
      }),
      { numRuns: 200 },
    );
    // Most generated awards are ones jsonld takes: the comparison is not vacuous.
    expect(compiledRuns).toBeGreaterThan(150);
  }, 120_000);

  it('matches on the typical award and on one with every optional field and shared ids', async () => {
    const shared = 'https://unit.example/shared';
    for (const input of [
      awardInput(),
      awardInput({
        issuer: { id: shared, name: 'n', url: shared, image: shared, description: 'd', email: 'a@b.example' },
        evidence: [{ id: shared, name: 'x' }, { name: 'x' }, { name: 'x' }],
        narrative: 'x',
        validUntil: '2030-01-01T00:00:00+02:00',
      }),
    ]) {
      const credential = buildOpenBadgeCredential(input);
      expect(await compiledCanonicalForm(credential, loader)).toBe(await referenceForm(credential));
    }
  });
});

describe('the compiled proof', () => {
  it('verifies with @digitalbazaar/vc + eddsa-rdfc-2022 for random awards', async () => {
    await fc.assert(
      fc.asyncProperty(awardInputs, async (random) => {
        // The verifier checks that the key's controller is the issuer.
        const input = { ...random, issuer: { ...random.issuer, id: ISSUER_ID } };
        fc.pre(OpenBadgeCredentialInputSchema.safeParse(input).success);
        const credential = buildOpenBadgeCredential(input);
        fc.pre(!((await referenceForm(credential).catch(() => null)) === null));
        const proof = await compiledProof(credential, signer, loader);
        expect(proof).toBeDefined();
        expect(await libraryVerifies({ ...credential, proof: [proof] }, credential.validFrom)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('is what signCredential signs with: one call to the signer over the 64 bytes the cryptosuite signs, no JSON-LD to RDF', async () => {
    const sign = vi.fn(signer.sign);
    const toRDF = vi.spyOn(jsonld as unknown as { toRDF: () => unknown }, 'toRDF');
    const signed = await signCredential(buildOpenBadgeCredential(awardInput()), { ...signer, sign }, loader);
    expect(toRDF).not.toHaveBeenCalled();
    toRDF.mockRestore();
    expect(sign).toHaveBeenCalledOnce();
    expect(sign.mock.calls[0]![0].data).toHaveLength(64);
    expect(await libraryVerifies(signed)).toBe(true);
  });

  type Mutable = Record<string, any>;
  const outsideTheShape: [string, (c: Mutable) => void][] = [
    ['an added top-level field', (c) => (c.description = 'Also fixes bikes.')],
    ['an added achievement field', (c) => (c.credentialSubject.achievement.humanCode = 'CC-1')],
    ['a subject with an id', (c) => (c.credentialSubject.id = 'did:example:learner')],
    ['a subject narrative that is not a string', (c) => (c.credentialSubject.narrative = ['one', 'two'])],
    ['another type', (c) => c.type.push('AchievementCredential')],
    ['a type as a string instead of an array', (c) => (c.credentialSubject.achievement.type = 'Achievement')],
    ['another context', (c) => c['@context'].push('https://w3id.org/security/data-integrity/v2')],
    ['a nested object where a string belongs', (c) => (c.name = { '@value': 'x', '@language': 'en' })],
    ['a relative URL', (c) => (c.credentialSubject.achievement.id = '/badges/1')],
    ['a compact IRI', (c) => (c.credentialSubject.achievement.id = 'did:example:badge')],
    ['a null', (c) => (c.issuer.description = null)],
  ];

  it.each(outsideTheShape)('is not made for a credential with %s: signCredential signs it the generic way', async (_what, mutate) => {
    const credential = structuredClone(buildOpenBadgeCredential(awardInput())) as Mutable;
    mutate(credential);
    expect(await compiledProof(credential, signer, loader)).toBeUndefined();
    expect(await compiledCanonicalForm(credential, loader)).toBeUndefined();
    const toRDF = vi.spyOn(jsonld as unknown as { toRDF: () => unknown }, 'toRDF');
    const generic = await signCredential(credential, signer, loader).catch(() => undefined);
    expect(toRDF).toHaveBeenCalled();
    toRDF.mockRestore();
    if (generic) expect(await libraryVerifies(generic)).toBe(true);
  });

  it('is not made with a signer of another algorithm', async () => {
    expect(await compiledProof(buildOpenBadgeCredential(awardInput()), { ...signer, algorithm: 'P-256' as 'Ed25519' }, loader)).toBeUndefined();
  });

  it('refuses what issue() refuses (its credential checks run first)', async () => {
    const credential = { ...buildOpenBadgeCredential(awardInput()), validFrom: 'yesterday' };
    await expect(compiledProof(credential, signer, loader)).rejects.toThrow(/validFrom/);
    await expect(signCredential(credential, signer, loader)).rejects.toThrow(/validFrom/);
  });
});

describe('the shape compiler', () => {
  const context = { '@vocab': 'https://vocab.invalid/#' };
  it.each([
    ['a list', { '@context': { ...context, items: { '@container': '@list' } }, items: ['a', 'b'] }],
    ['a JSON literal', { '@context': { ...context, data: { '@type': '@json' } }, data: 'x' }],
    ['a direction', { '@context': { ...context, '@direction': 'rtl' }, name: 'x' }],
    ['a reverse property', { '@context': { ...context, parent: { '@reverse': 'https://vocab.invalid/#child' } }, parent: { id: 'https://x.invalid/p' } }],
  ])('refuses %s', async (_what, template) => {
    await expect(compileShape(template, loader)).rejects.toThrow(ShapeCompileError);
  });

  it('maps a language-tagged value as the context says', async () => {
    const template = { '@context': { ...context, '@language': 'cy', id: '@id' }, id: 'https://x.invalid/1', name: 'enw' };
    const shape = await compileShape(template, loader);
    expect(shape.root.properties.get('name')).toMatchObject({ value: { kind: 'literal', language: 'cy' } });
  });
});

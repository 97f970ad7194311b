// The reference fixtures: images baked by openbadges-bakery (OB 2.0, the baker the OB 2.0 validator
// uses) and by 1EdTech (OB 3.0, the official validator's tests); see fixtures/MANIFEST.json.
import { describe, expect, it } from 'vitest';
import { bakePng, unbakePng } from '../../../functions/domain/baking/png';
import { bakeSvg, unbakeSvg } from '../../../functions/domain/baking/svg';
import { fixture, parseChunks, samePixels } from './images';

const json = (text: string | undefined) => JSON.parse(text!);
const jwsParts = (jws: string) => {
  const [header, payload, signature] = jws.split('.');
  return { header: json(Buffer.from(header!, 'base64url').toString()), payload: json(Buffer.from(payload!, 'base64url').toString()), signature };
};

describe('openbadges-bakery (OB 2.0)', () => {
  const baked = fixture('bakery-ob20/baked_heart.png');
  const unbaked = fixture('bakery-ob20/public_domain_heart.png');

  it('baked_heart.png holds the legacy 1.0-style assertion; its unbaked twin holds nothing', () => {
    expect(json(unbakePng(baked).openbadges)).toMatchObject({ uid: '123', badge: 'http://example.org/badge1', verify: { type: 'hosted' } });
    expect(unbakePng(unbaked)).toEqual({});
  });

  it('baking the unbaked twin gives the reference baker’s bytes exactly', () => {
    expect(bakePng(unbaked, unbakePng(baked))).toEqual(baked);
  });

  it('baked_example.svg holds the CDATA assertion whose verify.url is the verify attribute', () => {
    const found = unbakeSvg(fixture('bakery-ob20/baked_example.svg').toString('utf8'));
    expect(json(found.openbadges)).toMatchObject({ uid: 'abcdef12345', verify: { type: 'hosted', url: 'https://example.org/assertion.json' } });
    expect(unbakeSvg(fixture('bakery-ob20/unbaked_example.svg').toString('utf8'))).toEqual({});
  });

  it('baking unbaked_example.svg gives what the reference baker wrote', () => {
    const assertion = unbakeSvg(fixture('bakery-ob20/baked_example.svg').toString('utf8')).openbadges!;
    const ours = bakeSvg(fixture('bakery-ob20/unbaked_example.svg').toString('utf8'), { openbadges: assertion });
    expect(ours).toContain('xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/assertion.json"><![CDATA[');
    expect(unbakeSvg(ours)).toEqual({ openbadges: assertion });
  });
});

describe('1EdTech validator fixtures', () => {
  it('ob20/simple-badge.png holds the hosted assertion basic-assertion.json describes', () => {
    const assertion = json(unbakePng(fixture('ob20/simple-badge.png')).openbadges);
    const { evidence: _, ...hosted } = json(fixture('ob20/basic-assertion.json').toString());
    expect(assertion).toEqual(hosted);
  });

  it('ob30/simple-json.png (iTXt just before IEND) and simple-json.svg hold the same Data Integrity credential', () => {
    const fromPng = json(unbakePng(fixture('ob30/simple-json.png')).openbadgecredential);
    const fromSvg = json(unbakeSvg(fixture('ob30/simple-json.svg').toString('utf8')).openbadgecredential);
    expect(fromPng).toEqual(fromSvg);
    expect(fromPng).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }] });
  });

  it.each(['ob30/simple-jwt.png', 'ob30/simple-jwt.svg'])('%s holds a VC-JWT: RS256 with its key in the header', (path) => {
    const data = fixture(path);
    const { openbadgecredential } = path.endsWith('.png') ? unbakePng(data) : unbakeSvg(data.toString('utf8'));
    const { header, payload, signature } = jwsParts(openbadgecredential!);
    expect(header).toMatchObject({ alg: 'RS256', jwk: { kty: 'RSA' } });
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{300,}$/);
  });

  it('re-baking ob30/simple-json.png moves the credential after IHDR and leaves one, the pixels untouched', () => {
    const original = fixture('ob30/simple-json.png');
    const rebaked = bakePng(original, { openbadgecredential: '{"replaced":true}' });
    const chunks = parseChunks(rebaked);
    expect(chunks.filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(chunks[1]!.type).toBe('iTXt');
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(unbakePng(rebaked)).toEqual({ openbadgecredential: '{"replaced":true}' });
    expect(samePixels(rebaked, original)).toBe(true);
  });

  it('re-baking ob30/simple-jwt.svg replaces its credential element', () => {
    const rebaked = bakeSvg(fixture('ob30/simple-jwt.svg').toString('utf8'), { openbadgecredential: '{"replaced":true}' });
    expect(rebaked.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(unbakeSvg(rebaked)).toEqual({ openbadgecredential: '{"replaced":true}' });
  });
});

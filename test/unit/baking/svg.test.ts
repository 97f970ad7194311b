import { describe, expect, it } from 'vitest';
import { bakeSvg, unbakeSvg } from '../../../functions/domain/baking/svg';
import { expectBakingError } from './expect-baking-error';

const OB2 = 'http://openbadges.org';
const OB3 = 'https://purl.imsglobal.org/ob/v3p0';

const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <circle cx="5" cy="5" r="4"/>
</svg>
`;
const assertion = JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'https://city.example/a/1?x=1&y=2', narrative: 'Zoë’s 自転車 🚲' });
const credential = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Skills <Level 2> & more ]]> done' });
const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJ2YyI6e319.c2lnbmF0dXJl';

describe('bakeSvg', () => {
  it('round-trips JSON with unicode and a JWS, for both keywords', () => {
    expect(unbakeSvg(bakeSvg(svg, { openbadges: assertion, openbadgecredential: credential }))).toEqual({ openbadges: assertion, openbadgecredential: credential });
    expect(unbakeSvg(bakeSvg(svg, { openbadges: jws, openbadgecredential: jws }))).toEqual({ openbadges: jws, openbadgecredential: jws });
    expect(unbakeSvg(bakeSvg(svg, { openbadges: 'https://city.example/a/1' }))).toEqual({ openbadges: 'https://city.example/a/1' });
  });

  it('OB 3.0: binds the namespace on the root and puts <openbadges:credential> directly after the <svg> tag', () => {
    expect(bakeSvg(svg, { openbadgecredential: '{"a":1}' })).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" xmlns:openbadges="${OB3}"><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential>
  <circle cx="5" cy="5" r="4"/>
</svg>
`);
    expect(bakeSvg(svg, { openbadgecredential: jws })).toContain(`xmlns:openbadges="${OB3}"><openbadges:credential verify="${jws}"></openbadges:credential>\n`);
  });

  it('OB 2.0: JSON in CDATA with the hosted URL in verify; a JWS or URL in verify of an empty tag', () => {
    const baked = bakeSvg(svg, { openbadges: assertion });
    expect(baked).toContain(
      `xmlns:openbadges="${OB2}"><openbadges:assertion verify="https://city.example/a/1?x=1&amp;y=2"><![CDATA[${assertion}]]></openbadges:assertion>\n`,
    );
    expect(bakeSvg(svg, { openbadges: jws })).toContain(`xmlns:openbadges="${OB2}"><openbadges:assertion verify="${jws}"/>\n`);
    const legacy = JSON.stringify({ uid: '1', verify: { type: 'hosted', url: 'https://old.example/a.json' } });
    expect(bakeSvg(svg, { openbadges: legacy })).toContain('<openbadges:assertion verify="https://old.example/a.json">');
    expect(bakeSvg(svg, { openbadges: '{"id":"urn:uuid:1"}' })).toContain('<openbadges:assertion><![CDATA[');
  });

  it('with both, binds the root to OB 3.0 and redeclares the prefix on the assertion', () => {
    const baked = bakeSvg(svg, { openbadges: jws, openbadgecredential: jws });
    expect(baked).toContain(
      `xmlns:openbadges="${OB3}"><openbadges:credential verify="${jws}"></openbadges:credential><openbadges:assertion xmlns:openbadges="${OB2}" verify="${jws}"/>`,
    );
  });

  it('keeps a root binding already there and declares the other namespace locally', () => {
    const ob2Baked = bakeSvg(svg, { openbadges: jws });
    const baked = bakeSvg(ob2Baked, { openbadgecredential: jws });
    expect(baked.match(/xmlns:openbadges=/g)).toHaveLength(2);
    expect(baked).toContain(`<openbadges:credential xmlns:openbadges="${OB3}" verify="${jws}"></openbadges:credential>`);
    expect(unbakeSvg(baked)).toEqual({ openbadges: jws, openbadgecredential: jws });
  });

  it('replaces on re-bake: one element per kind, and baking the same again changes nothing', () => {
    const once = bakeSvg(svg, { openbadges: assertion, openbadgecredential: credential });
    const twice = bakeSvg(once, { openbadgecredential: '{"v":2}' });
    expect(twice.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(twice.match(/<openbadges:assertion/g)).toHaveLength(1);
    expect(unbakeSvg(twice)).toEqual({ openbadges: assertion, openbadgecredential: '{"v":2}' });
    expect(bakeSvg(twice, { openbadgecredential: '{"v":2}' })).toBe(twice);
  });

  it('splits CDATA around ]]> so that the text comes back whole', () => {
    const tricky = '{"a":"]]>","b":"]]]]>","c":"<![CDATA[x]]>"}';
    const baked = bakeSvg(svg, { openbadgecredential: tricky });
    expect(baked).toContain('<![CDATA[{"a":"]]]]><![CDATA[>","b":"]]]]]]><![CDATA[>"');
    expect(unbakeSvg(baked)).toEqual({ openbadgecredential: tricky });
  });

  it('bakes a self-closing root', () => {
    const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" />', { openbadgecredential: jws });
    expect(baked).toBe(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB3}"><openbadges:credential verify="${jws}"></openbadges:credential></svg>`);
  });

  it('bakes a large payload', () => {
    const large = JSON.stringify({ image: `data:image/png;base64,${'QUJD'.repeat(1_000_000)}`, name: 'Große Leistung' });
    expect(unbakeSvg(bakeSvg(svg, { openbadgecredential: large }))).toEqual({ openbadgecredential: large });
  });

  it('is not fooled by markup in comments, DOCTYPE, attribute values and CDATA', () => {
    const tricky = `<?xml version="1.0"?>
<!-- <svg xmlns:openbadges="${OB3}"><openbadges:credential>{"fake":1}</openbadges:credential> -->
<!DOCTYPE svg [
  <!ENTITY trap "<svg><openbadges:assertion/>">
  <!-- ] > -->
]>
<svg xmlns="http://www.w3.org/2000/svg" data-note="a > b /> is not the end" xmlns:openbadges="${OB3}">
  <!-- <openbadges:credential>{"fake":2}</openbadges:credential> -->
  <style><![CDATA[ svg > openbadges\\:credential { } <openbadges:credential>{"fake":3}</openbadges:credential> ]]></style>
  <desc>&lt;openbadges:credential&gt;{"fake":4}&lt;/openbadges:credential&gt;</desc>
</svg>`;
    expect(unbakeSvg(tricky)).toEqual({});
    const baked = bakeSvg(tricky, { openbadgecredential: jws });
    expect(baked).toContain(`is not the end" xmlns:openbadges="${OB3}"><openbadges:credential verify="${jws}"></openbadges:credential>\n  <!-- <openbadges:credential>`);
    expect(baked).toContain('{"fake":1}');
    expect(baked).toContain('{"fake":3}');
    expect(unbakeSvg(baked)).toEqual({ openbadgecredential: jws });
  });

  it('matches elements by namespace, not by prefix', () => {
    const otherPrefix = `<svg xmlns="http://www.w3.org/2000/svg"><ob:credential xmlns:ob="${OB3}" verify="${jws}"/></svg>`;
    expect(unbakeSvg(otherPrefix)).toEqual({ openbadgecredential: jws });
    expect(bakeSvg(otherPrefix, { openbadgecredential: '{}' })).not.toContain('ob:credential');

    const wrongNamespace = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/spec/ob/v3p0"><openbadges:credential verify="${jws}"/></svg>`;
    expect(unbakeSvg(wrongNamespace)).toEqual({});
    expect(bakeSvg(wrongNamespace, { openbadgecredential: '{}' })).toContain(`<openbadges:credential verify="${jws}"/>`);
  });

  it('reads plain character data with references, and the verify attribute as XML normalises it', () => {
    const plain = `<svg xmlns:openbadges="${OB3}"><openbadges:credential>
      {&quot;name&quot;:&#x22;A &amp; B&#34;}
    </openbadges:credential><openbadges:assertion xmlns:openbadges="${OB2}" verify="https://a.example/?x=1&amp;y=2"/></svg>`;
    expect(unbakeSvg(plain)).toEqual({ openbadgecredential: '{"name":"A & B"}', openbadges: 'https://a.example/?x=1&y=2' });
  });

  it('keeps a byte order mark', () => {
    expect(bakeSvg(`\uFEFF${svg}`, { openbadgecredential: jws }).startsWith('\uFEFF<?xml')).toBe(true);
  });

  it('rejects what is not an SVG document', () => {
    expectBakingError(() => bakeSvg('<html><svg/></html>', { openbadges: jws }), 'not-svg');
    expectBakingError(() => bakeSvg('<!-- <svg> --><html/>', { openbadges: jws }), 'not-svg');
    expectBakingError(() => bakeSvg('', { openbadges: jws }), 'not-svg');
    expectBakingError(() => bakeSvg('svg', { openbadges: jws }), 'not-svg');
    expectBakingError(() => unbakeSvg('{"svg": true}'), 'not-svg');
  });

  it('rejects an SVG that is not well-formed', () => {
    for (const broken of [
      '<svg><!-- never closed </svg>',
      '<svg><g></svg>',
      '<svg><g>',
      '<svg a="1>',
      '<svg a="1"b="2"/>',
      '<svg><![CDATA[ x </svg>',
      '<svg/><svg/>',
      '<!DOCTYPE svg [ <!ENTITY a "b"> <svg/>',
    ]) {
      expectBakingError(() => unbakeSvg(broken), 'malformed-svg');
    }
  });

  it('bakes only UTF-8 documents and text XML can carry', () => {
    expectBakingError(() => bakeSvg('<?xml version="1.0" encoding="ISO-8859-1"?><svg/>', { openbadges: jws }), 'unsupported-encoding');
    expect(bakeSvg("<?xml version='1.0' encoding='utf-8'?><svg/>", { openbadges: jws })).toContain('<openbadges:assertion');
    expectBakingError(() => bakeSvg(svg, { openbadgecredential: '{"a":"\u0001"}' }), 'invalid-payload');
    expectBakingError(() => bakeSvg(svg, {}), 'invalid-payload');
  });
});

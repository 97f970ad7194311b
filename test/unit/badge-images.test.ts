// Uploaded badge images: what the hostile corpus of issue 8 got through before (scripts in other
// namespaces or spellings, DTDs, external references, a 60000×60000 PNG, a deflate bomb, a baked
// payload of the uploader's own) is refused or removed, and real badges still go through.
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg, unbake, unbakeSvg } from '../../functions/domain/baking';
import { cleanBadgeImage, MAX_PNG_DIMENSION } from '../../functions/domain/badge-images';
import { MAX_IMAGE_BYTES } from '../../functions/domain/image-types';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';
import { parseChunks, referenceCrc } from './baking/images';

const png = (width = 8, height = 8) => {
  const image = new PNG({ width, height });
  image.data.fill(128);
  return PNG.sync.write(image);
};

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(referenceCrc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG built chunk by chunk: an IHDR saying what it likes, then the IDAT data given. */
function craftedPng(width: number, height: number, idat: Buffer, { colourType = 6, bitDepth = 8, interlace = 0 } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  ihdr[12] = interlace;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Inserts chunks right after IHDR. */
const withChunks = (image: Buffer, ...chunks: Buffer[]) => Buffer.concat([image.subarray(0, 33), ...chunks, image.subarray(33)]);

const SVG_NS = 'http://www.w3.org/2000/svg';
const svg = (inner: string, rootAttributes = '') => Buffer.from(`<svg xmlns="${SVG_NS}"${rootAttributes}>${inner}</svg>`);
const defaultSvg = renderDefaultBadgeSvg({ name: "Maker's <first> badge", primaryColour: '#112233', secondaryColour: '#ddeeff', label: 'Riga' });

function refusal(run: () => unknown): { kind: string; detail: string } {
  try {
    run();
  } catch (error) {
    const { kind, fields } = error as { kind: string; fields: { detail: string }[] };
    return { kind, detail: fields?.[0]?.detail ?? (error as Error).message };
  }
  throw new Error('was accepted');
}

const cleanedSvg = (data: Buffer) => cleanBadgeImage(data, 'image/svg+xml').data.toString('utf8');

describe('uploaded badge images', () => {
  it('accepts a real PNG and a real SVG with matching content types', () => {
    expect(cleanBadgeImage(png(), 'image/png').type).toBe('png');
    expect(cleanBadgeImage(Buffer.from(defaultSvg), 'image/svg+xml; charset=utf-8').type).toBe('svg');
  });

  it.each([
    ['text pretending to be a PNG', Buffer.from('hello'), 'image/png'],
    ['a PNG sent as SVG', png(), 'image/svg+xml'],
    ['random bytes sent as SVG', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'image/svg+xml'],
    ['a truncated PNG', png().subarray(0, 40), 'image/png'],
    ['XML that is not SVG', Buffer.from('<html><body/></html>'), 'image/svg+xml'],
    ['an svg element outside the SVG namespace', Buffer.from('<svg><rect/></svg>'), 'image/svg+xml'],
    ['an SVG that is not UTF-8', Buffer.from([...Buffer.from(`<svg xmlns="${SVG_NS}"><title>`), 0xe9, ...Buffer.from('</title></svg>')]), 'image/svg+xml'],
  ])('rejects %s as invalid', (_label, data, type) => {
    expect(refusal(() => cleanBadgeImage(data, type)).kind).toBe('invalid');
  });

  it('rejects an oversized image as too large', () => {
    expect(refusal(() => cleanBadgeImage(Buffer.concat([png(), Buffer.alloc(MAX_IMAGE_BYTES)]), 'image/png')).kind).toBe('too-large');
  });
});

describe('SVG uploads: the hostile corpus is refused, naming what', () => {
  const XHTML = 'http://www.w3.org/1999/xhtml';
  it.each([
    ['a script', svg('<script>alert(1)</script>'), /<script>.*scripts/],
    ['a script under another prefix for the SVG namespace', Buffer.from(`<s:svg xmlns:s="${SVG_NS}"><s:script>alert(1)</s:script></s:svg>`), /<s:script>/],
    ['an XHTML script', svg(`<h:script xmlns:h="${XHTML}">alert(1)</h:script>`), /<h:script>/],
    ['an XHTML script in capitals', svg(`<h:SCRIPT xmlns:h="${XHTML}">alert(1)</h:SCRIPT>`), /<h:SCRIPT>/],
    ['a script in an unknown namespace', svg('<x:script xmlns:x="urn:x">alert(1)</x:script>'), /<x:script>/],
    ['a foreignObject under a prefix', Buffer.from(`<s:svg xmlns:s="${SVG_NS}"><s:foreignObject><div xmlns="${XHTML}">hi</div></s:foreignObject></s:svg>`), /<s:foreignObject>/],
    ['an iframe', svg(`<iframe xmlns="${XHTML}" src="https://example.org"/>`), /<iframe>/],
    ['an animation that rewrites an href', svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'), /<set>/],
    ['an animate element', svg('<rect><animate attributeName="fill" to="red"/></rect>'), /<animate>/],
    ['an onload handler', svg('', ' onload="alert(1)"'), /event handler.*onload/],
    ['an event handler in capitals', svg('<rect ONCLICK="alert(1)"/>'), /event handler.*ONCLICK/],
    ['an event handler in another namespace', svg('<rect x:onclick="alert(1)" xmlns:x="urn:x"/>'), /event handler.*x:onclick/],
    ['javascript: behind a character reference', svg('<a href="jav&#x61;script:alert(1)"><rect/></a>'), /javascript: URL.*href of <a>/],
    ['javascript: with a tab and capitals', svg('<a href=" Java&#9;Script:alert(1)"><rect/></a>'), /javascript: URL/],
    ['javascript: in xlink:href', svg('<a xlink:href="javascript:alert(1)"><rect/></a>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'), /javascript: URL.*xlink:href/],
    ['an external DTD', Buffer.from(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="${SVG_NS}"/>`), /DOCTYPE/],
    ['an internal entity', Buffer.from(`<!DOCTYPE svg [<!ENTITY boom "boom">]><svg xmlns="${SVG_NS}"><text>&boom;</text></svg>`), /DOCTYPE/],
    ['an external entity', Buffer.from(`<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="${SVG_NS}"><text>&xxe;</text></svg>`), /DOCTYPE/],
    ['an entity reference without a DTD', svg('<text>&xxe;</text>'), /not well-formed XML.*undefined entity/],
    ['an external image', svg('<image href="https://attacker.example/pixel.png" width="10" height="10"/>'), /refers outside the image.*href of <image>/],
    ['an external image in xlink:href', svg('<image xlink:href="//attacker.example/p.png"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'), /refers outside the image/],
    ['a data: image', svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'), /refers outside the image/],
    ['an external use', svg('<use href="https://attacker.example/sprite.svg#icon"/>'), /refers outside the image.*<use>/],
    ['an external filter image', svg('<filter id="f"><feImage href="https://attacker.example/x.png"/></filter>'), /refers outside the image.*<feImage>/],
    ['a CSS @import', svg('<style>@import url(https://attacker.example/x.css);</style>'), /@import.*<style>/],
    ['a CSS @import hidden by a comment', svg('<style>@import/**/"https://attacker.example/x.css";</style>'), /@import/],
    ['a CSS escape spelling @import', svg('<style>@\\69mport "https://attacker.example/x.css";</style>'), /CSS escape/],
    ['an external url() in a style attribute', svg('<rect style="fill: url(https://attacker.example/#p)"/>'), /style of <rect> \(url\(https:\/\/attacker/],
    ['an external url() in a presentation attribute', svg('<rect fill="url(\'https://attacker.example/#p\')"/>'), /refers outside the image.*fill of <rect>/],
    ['an external font', svg('<style>@font-face { font-family: x; src: url(https://attacker.example/f.woff) }</style>'), /refers outside the image/],
    ['image-set() in CSS', svg('<style>rect { fill: image-set("https://attacker.example/x.png" 1x) }</style>'), /image-set\(\)/],
    ['a linked stylesheet', Buffer.from(`<?xml-stylesheet href="https://attacker.example/x.css"?><svg xmlns="${SVG_NS}"/>`), /xml-stylesheet/],
    ['another encoding', Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="${SVG_NS}"/>`), /encoding ISO-8859-1/],
    ['broken XML', svg('<g><rect></g>'), /not well-formed XML/],
  ])('%s', (_label, data, message) => {
    const { kind, detail } = refusal(() => cleanBadgeImage(data, 'image/svg+xml'));
    expect(kind).toBe('invalid');
    expect(detail).toMatch(message);
  });

  it('says on which line the problem is', () => {
    expect(refusal(() => cleanBadgeImage(svg('\n\n<script>x</script>'), 'image/svg+xml')).detail).toMatch(/\(line 3\)/);
  });
});

describe('SVG uploads: what is kept is re-serialised', () => {
  it('keeps the default badge the city draws, drawing for drawing', () => {
    // The same document but for the apostrophe, which needs no escaping in text.
    expect(cleanedSvg(Buffer.from(defaultSvg))).toBe(defaultSvg.replaceAll('&apos;', "'"));
  });

  it('drops editor metadata, comments, unknown attributes and elements, and writes the SVG namespace unprefixed', () => {
    const upload = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<!-- Made with an editor -->
<s:svg xmlns:s="${SVG_NS}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" s:width="4" width="10" inkscape:version="1.3" data-x="1" xml:base="https://attacker.example/">
<s:metadata><rdf:RDF><rdf:Description about="x"/></rdf:RDF></s:metadata>
<inkscape:namedview><s:rect width="1"/></inkscape:namedview>
<s:g inkscape:label="Layer 1"><s:circle r="3" fill="#f00"/>stray text</s:g>
<?editor-hint keep?>
</s:svg>`);
    expect(cleanedSvg(upload)).toBe(`<svg xmlns="${SVG_NS}" width="10">\n\n\n<g><circle r="3" fill="#f00"/> </g>\n\n</svg>`);
  });

  it('keeps references inside the image: #ids in href and xlink:href, url(#id) in attributes and CSS', () => {
    const upload = svg(
      `<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient><path id="p" d="M0 0h1"/></defs>` +
        `<use xlink:href="#p"/><use href="#p"/><rect fill="url(#g)" style="stroke: url('#g'); fill-opacity: .5"/>` +
        `<style><![CDATA[ g > rect { fill: url("#g") } /* comment */ ]]></style><text>a &amp; b &lt; c</text>`,
      ' xmlns:xlink="http://www.w3.org/1999/xlink"',
    );
    expect(cleanedSvg(upload)).toBe(
      `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient><path id="p" d="M0 0h1"/></defs>` +
        `<use xlink:href="#p"/><use href="#p"/><rect fill="url(#g)" style="stroke: url('#g'); fill-opacity: .5"/>` +
        `<style> g &gt; rect { fill: url("#g") } /* comment */ </style><text>a &amp; b &lt; c</text></svg>`,
    );
  });

  it("drops an uploader's own Open Badges payload, and the cleaned image bakes and reads back", () => {
    const assertion = JSON.stringify({ id: 'https://attacker.example/a', type: 'Assertion' });
    const preBaked = bakeSvg(defaultSvg, { openbadges: assertion });
    expect(unbakeSvg(preBaked).openbadges).toBe(assertion);
    const cleaned = cleanedSvg(Buffer.from(preBaked));
    expect(unbakeSvg(cleaned)).toEqual({});
    const ours = JSON.stringify({ id: 'https://city.example/badges/1', type: 'Assertion' });
    expect(unbake(Buffer.from(bakeSvg(cleaned, { openbadges: ours, openbadgecredential: '{"type":"x"}' })))).toEqual({ openbadges: ours, openbadgecredential: '{"type":"x"}' });
  });

  it('keeps text direction markup and language', () => {
    expect(cleanedSvg(svg('<text xml:lang="ar" direction="rtl" unicode-bidi="embed">مرحبا</text>'))).toBe(
      `<svg xmlns="${SVG_NS}"><text xml:lang="ar" direction="rtl" unicode-bidi="embed">مرحبا</text></svg>`,
    );
  });
});

describe('PNG uploads', () => {
  const chunkTypes = (data: Buffer) => parseChunks(data).map((c) => c.type);

  it('keeps the chunks that draw the image, in order', () => {
    const original = png();
    const cleaned = cleanBadgeImage(original, 'image/png').data;
    expect(cleaned.equals(original)).toBe(true);
    expect(chunkTypes(cleaned)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it("drops an uploader's own openbadges iTXt and every other text or metadata chunk, keeping transparency and colour chunks", () => {
    const baked = bakePng(png(), { openbadges: '{"id":"https://attacker.example/a"}', openbadgecredential: '{"x":1}' });
    const upload = withChunks(
      baked,
      chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
      chunk('tEXt', Buffer.from('openbadges\0https://attacker.example/a', 'latin1')),
      chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync('hello')])),
      chunk('eXIf', Buffer.from('MM\0*')),
      chunk('tRNS', Buffer.from([0, 1])),
      chunk('acTL', Buffer.alloc(8)),
    );
    const cleaned = cleanBadgeImage(upload, 'image/png').data;
    expect(chunkTypes(cleaned)).toEqual(['IHDR', 'gAMA', 'tRNS', 'IDAT', 'IEND']);
    expect(unbake(cleaned)).toEqual({});
    expect(parseChunks(cleaned).every((c) => c.crcOk)).toBe(true);
  });

  it('drops whatever follows IEND', () => {
    const original = png();
    const cleaned = cleanBadgeImage(Buffer.concat([original, Buffer.from('<script>alert(1)</script>')]), 'image/png').data;
    expect(cleaned.equals(original)).toBe(true);
  });

  it('sizes interlaced image data pass by pass (Adam7)', () => {
    // 8×8 RGBA: the seven passes hold 1, 1, 2, 4, 8, 16 and 32 pixels in 1, 1, 1, 2, 2, 4 and 4 rows.
    const adam7Bytes = 5 + 5 + 9 + 2 * 9 + 2 * 17 + 4 * 17 + 4 * 33;
    expect(cleanBadgeImage(craftedPng(8, 8, deflateSync(Buffer.alloc(adam7Bytes)), { interlace: 1 }), 'image/png').type).toBe('png');
    expect(refusal(() => cleanBadgeImage(craftedPng(8, 8, deflateSync(Buffer.alloc(8 * 33)), { interlace: 1 }), 'image/png')).detail).toMatch(/not the 271/);
    expect(cleanBadgeImage(craftedPng(8, 8, deflateSync(Buffer.alloc(8 * 33))), 'image/png').type).toBe('png');
  });

  it(`accepts ${MAX_PNG_DIMENSION} pixels on a side`, () => {
    expect(cleanBadgeImage(png(MAX_PNG_DIMENSION, 1), 'image/png').type).toBe('png');
  });

  it.each([
    ['declares 60000×60000 pixels', craftedPng(60000, 60000, deflateSync(Buffer.alloc(100))), /60000×60000.*at most 4096×4096/],
    [`is one pixel wider than ${MAX_PNG_DIMENSION}`, craftedPng(MAX_PNG_DIMENSION + 1, 1, deflateSync(Buffer.alloc(1 + 4 * 4097))), /4097×1/],
    ['is a deflate bomb: 50 MB of image data in a small file', craftedPng(64, 64, deflateSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 })), /inflates to more than the 16448 bytes/],
    ['inflates to less than its header needs', craftedPng(64, 64, deflateSync(Buffer.alloc(100))), /inflates to 100 bytes, not the 16448/],
    ['has corrupt image data', craftedPng(8, 8, Buffer.from('not zlib at all')), /cannot be inflated/],
    ['has an impossible colour type', craftedPng(8, 8, deflateSync(Buffer.alloc(8 * 33)), { colourType: 5 }), /colour type 5/],
    ['is a palette image without a palette', craftedPng(8, 8, deflateSync(Buffer.alloc(8 * 9)), { colourType: 3 }), /without its palette/],
    ['has a chunk with a bad CRC', (() => { const bad = Buffer.from(png()); bad[bad.length - 5]! ^= 1; return bad; })(), /fails its CRC/],
  ])('refuses a PNG that %s', (_label, data, message) => {
    const { kind, detail } = refusal(() => cleanBadgeImage(data, 'image/png'));
    expect(kind).toBe('invalid');
    expect(detail).toMatch(message);
  });

  it('the deflate bomb fits in an upload (it is the size check of the inflated data that stops it)', () => {
    expect(craftedPng(64, 64, deflateSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 })).length).toBeLessThan(MAX_IMAGE_BYTES);
  });
});

import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bakePng, unbakePng } from '../../../functions/domain/baking/png';
import { expectBakingError, thrownBy } from './expect-baking-error';
import { beforeIend, noisePng, parseChunks, parseItxt, rawChunk, samePixels } from './images';

const image = noisePng(32, 32);
const assertion = JSON.stringify({
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id: 'https://city.example/assertions/1',
  narrative: 'Zoë fixed the café’s bike, 自転車, 🚲 — “properly”',
});
const jws = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6eyJ0eXBlIjpbIk9wZW5CYWRnZUNyZWRlbnRpYWwiXX19.c2lnbmF0dXJlLWJ5dGVz';

describe('bakePng', () => {
  it('round-trips both keywords: unicode JSON under openbadges, a compact JWS under openbadgecredential', () => {
    const baked = bakePng(image, { openbadges: assertion, openbadgecredential: jws });
    expect(unbakePng(baked)).toEqual({ openbadges: assertion, openbadgecredential: jws });
  });

  it('writes uncompressed iTXt chunks right after IHDR, with empty language tag and translated keyword', () => {
    const chunks = parseChunks(bakePng(image, { openbadges: assertion, openbadgecredential: jws }));
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'iTXt', 'IDAT', 'IEND']);
    expect(chunks.slice(1, 3).map((c) => parseItxt(c.data))).toEqual([
      { keyword: 'openbadgecredential', compressionFlag: 0, compressionMethod: 0, languageTag: '', translatedKeyword: '', text: jws },
      { keyword: 'openbadges', compressionFlag: 0, compressionMethod: 0, languageTag: '', translatedKeyword: '', text: assertion },
    ]);
  });

  it('leaves a valid PNG: every CRC right, decodable by pngjs, the same pixels', () => {
    const baked = bakePng(image, { openbadges: assertion, openbadgecredential: jws });
    expect(parseChunks(baked).every((c) => c.crcOk)).toBe(true);
    expect(samePixels(baked, image)).toBe(true);
  });

  it('copies everything else byte for byte', () => {
    const baked = bakePng(image, { openbadges: 'https://city.example/assertions/1' });
    const inserted = parseChunks(baked)[1]!;
    const insertedLength = 12 + inserted.data.length;
    expect(Buffer.concat([baked.subarray(0, 33), baked.subarray(33 + insertedLength)])).toEqual(image);
  });

  it('replaces on re-bake, wherever the old chunk was, and keeps the other keyword', () => {
    const once = bakePng(image, { openbadges: assertion, openbadgecredential: jws });
    const twice = bakePng(once, { openbadgecredential: '{"v":2}' });
    expect(parseChunks(twice).filter((c) => c.type === 'iTXt')).toHaveLength(2);
    expect(unbakePng(twice)).toEqual({ openbadges: assertion, openbadgecredential: '{"v":2}' });
    expect(bakePng(twice, { openbadgecredential: '{"v":2}' })).toEqual(twice);

    const bakedAtTheEnd = beforeIend(image, rawChunk('iTXt', Buffer.from('openbadgecredential\0\0\0\0\0{"v":1}')));
    const rebaked = bakePng(bakedAtTheEnd, { openbadgecredential: '{"v":2}' });
    expect(parseChunks(rebaked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(unbakePng(rebaked)).toEqual({ openbadgecredential: '{"v":2}' });
  });

  it('replaces a legacy tEXt openbadges chunk too, and leaves other text chunks alone', () => {
    const legacy = beforeIend(image, rawChunk('tEXt', Buffer.from('openbadges\0https://old.example/a')), rawChunk('tEXt', Buffer.from('Author\0Zoe')));
    const baked = bakePng(legacy, { openbadges: assertion });
    expect(parseChunks(baked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'tEXt', 'IEND']);
    expect(parseChunks(baked)[3]!.data.toString('latin1')).toBe('Author\0Zoe');
  });

  it('bakes a large payload', () => {
    const large = JSON.stringify({ image: `data:image/png;base64,${randomBytes(3_000_000).toString('base64')}`, name: 'Große Leistung' });
    const baked = bakePng(image, { openbadgecredential: large });
    expect(unbakePng(baked).openbadgecredential).toBe(large);
    expect(parseChunks(baked).every((c) => c.crcOk)).toBe(true);
  });

  it('refuses payloads that would not come back as given', () => {
    expectBakingError(() => bakePng(image, {}), 'invalid-payload');
    expectBakingError(() => bakePng(image, { openbadges: ' \n' }), 'invalid-payload');
    expectBakingError(() => bakePng(image, { openbadges: '{"a":"\0"}' }), 'invalid-payload');
    expectBakingError(() => bakePng(image, { openbadgecredential: '{"a":"\uD83D"}' }), 'invalid-payload');
  });
});

describe('unbakePng', () => {
  it('finds nothing in an image that has no badge', () => {
    expect(unbakePng(image)).toEqual({});
  });

  it('reads a compressed iTXt chunk', () => {
    const compressed = Buffer.concat([Buffer.from('openbadgecredential\0\x01\0en\0Nachweis\0', 'latin1'), deflateSync(Buffer.from(assertion))]);
    expect(unbakePng(beforeIend(image, rawChunk('iTXt', compressed)))).toEqual({ openbadgecredential: assertion });
  });

  it('reads the legacy tEXt openbadges URL, but prefers an iTXt chunk and ignores tEXt for OB 3.0', () => {
    const legacy = rawChunk('tEXt', Buffer.from('openbadges\0https://old.example/a'));
    expect(unbakePng(beforeIend(image, legacy))).toEqual({ openbadges: 'https://old.example/a' });
    const both = beforeIend(image, legacy, rawChunk('iTXt', Buffer.from('openbadges\0\0\0\0\0https://new.example/a')));
    expect(unbakePng(both)).toEqual({ openbadges: 'https://new.example/a' });
    expect(unbakePng(beforeIend(image, rawChunk('tEXt', Buffer.from('openbadgecredential\0{}'))))).toEqual({});
  });

  it('takes the first chunk when a keyword appears twice, as the specifications say to read', () => {
    const twice = beforeIend(image, rawChunk('iTXt', Buffer.from('openbadges\0\0\0\0\0first')), rawChunk('iTXt', Buffer.from('openbadges\0\0\0\0\0second')));
    expect(unbakePng(twice)).toEqual({ openbadges: 'first' });
  });

  it('rejects an Open Badges iTXt chunk it cannot read', () => {
    expectBakingError(() => unbakePng(beforeIend(image, rawChunk('iTXt', Buffer.from('openbadges\0\0\0')))), 'malformed-text-chunk');
    expectBakingError(() => unbakePng(beforeIend(image, rawChunk('iTXt', Buffer.from('openbadges\0\x01\0\0\0not zlib')))), 'malformed-text-chunk');
    expectBakingError(() => unbakePng(beforeIend(image, rawChunk('iTXt', Buffer.from('openbadges\0\x02\0\0\0x')))), 'malformed-text-chunk');
  });
});

describe('corrupt input', () => {
  const both = [(png: Buffer) => bakePng(png, { openbadges: assertion }), (png: Buffer) => unbakePng(png)];

  const flipByte = (at: number) => (png: Buffer) => png.writeUInt8(png.readUInt8(at) ^ 0xff, at);
  const corrupt = (edit: (png: Buffer) => void) => {
    const copy = Buffer.from(image);
    edit(copy);
    return copy;
  };

  it.each([
    ['wrong signature', corrupt((png) => png.write('GIF89a', 0, 'latin1')), 'not-png'],
    ['random bytes', randomBytes(2048), 'not-png'],
    ['empty', Buffer.alloc(0), 'not-png'],
    ['truncated inside IDAT', image.subarray(0, image.length - 100), 'truncated'],
    ['truncated inside a chunk header', image.subarray(0, 33 + 4), 'truncated'],
    ['truncated before IEND', image.subarray(0, image.length - 12), 'truncated'],
    ['chunk length past the end', corrupt((png) => png.writeUInt32BE(0x10000, 33)), 'truncated'],
    ['chunk length over 2^31 - 1', corrupt((png) => png.writeUInt32BE(0x80000000, 33)), 'malformed-png'],
    ['bad CRC', corrupt(flipByte(100)), 'bad-crc'],
    ['IHDR not first', Buffer.concat([image.subarray(0, 8), rawChunk('tEXt', Buffer.from('a\0b')), image.subarray(8)]), 'malformed-png'],
    ['chunk type not letters', corrupt((png) => png.write('ID4T', 37, 'latin1')), 'malformed-png'],
  ] as const)('%s', (_, png, code) => {
    for (const read of both) expectBakingError(() => read(png), code);
  });

  it('skips the CRC check when told to, for images checked before', () => {
    const damaged = corrupt(flipByte(100));
    expect(unbakePng(bakePng(damaged, { openbadges: assertion }, { verifyCrc: false }), { verifyCrc: false })).toEqual({ openbadges: assertion });
  });

  it('is a DomainError the HTTP error handler answers 400 for', () => {
    expect(thrownBy(() => unbakePng(image.subarray(0, 50)))).toMatchObject({ name: 'BakingError', code: 'truncated', kind: 'invalid' });
  });
});

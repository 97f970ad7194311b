import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bake, unbake } from '../../../functions/domain/baking';
import { expectBakingError } from './expect-baking-error';
import { noisePng, parseChunks } from './images';

const png = noisePng(16, 16);
const svg = Buffer.from('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n');
const payloads = { openbadges: '{"id":"https://city.example/a/1","name":"Café"}', openbadgecredential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' };

describe('bake and unbake', () => {
  it('bake a PNG, and unbake tells it from its signature', () => {
    const baked = bake({ type: 'png', data: png }, payloads);
    expect(parseChunks(baked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'iTXt', 'IDAT', 'IEND']);
    expect(unbake(baked)).toEqual(payloads);
  });

  it('bake an SVG as UTF-8, keeping its byte order mark, and unbake tells it from its svg root', () => {
    const baked = bake({ type: 'svg', data: svg }, payloads);
    expect(baked.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(baked.toString('utf8')).toContain('"name":"Café"');
    expect(unbake(baked)).toEqual(payloads);
  });

  it('finds nothing in unbaked images', () => {
    expect(unbake(png)).toEqual({});
    expect(unbake(svg)).toEqual({});
  });

  it('refuses what is neither PNG nor SVG', () => {
    expectBakingError(() => unbake(randomBytes(1024)), 'unsupported-format');
    expectBakingError(() => unbake(Buffer.from('GIF89a')), 'unsupported-format');
    expectBakingError(() => unbake(Buffer.alloc(0)), 'unsupported-format');
    expectBakingError(() => unbake(Buffer.from('<html><body><svg/></body></html>')), 'not-svg');
    expectBakingError(() => unbake(Buffer.from('<svg>caf\xe9</svg>', 'latin1')), 'unsupported-format');
  });

  it('checks the content against the type it is told', () => {
    expectBakingError(() => bake({ type: 'png', data: svg }, payloads), 'not-png');
    expectBakingError(() => bake({ type: 'svg', data: png }, payloads), 'unsupported-encoding');
    expectBakingError(() => bake({ type: 'svg', data: Buffer.from('<html/>') }, payloads), 'not-svg');
  });
});

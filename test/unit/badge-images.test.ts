import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkBadgeImage, MAX_IMAGE_BYTES } from '../../functions/domain/badge-images';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';

const png = () => {
  const image = new PNG({ width: 8, height: 8 });
  image.data.fill(128);
  return PNG.sync.write(image);
};
const svg = Buffer.from(renderDefaultBadgeSvg({ name: 'Test', primaryColour: '#112233', secondaryColour: '#ddeeff' }));

describe('uploaded badge images', () => {
  it('accepts a real PNG and a real SVG with matching content types', () => {
    expect(checkBadgeImage(png(), 'image/png')).toBe('png');
    expect(checkBadgeImage(svg, 'image/svg+xml; charset=utf-8')).toBe('svg');
  });

  it.each([
    ['text pretending to be a PNG', Buffer.from('hello'), 'image/png', 'invalid'],
    ['a PNG sent as SVG', png(), 'image/svg+xml', 'invalid'],
    ['random bytes sent as SVG', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'image/svg+xml', undefined],
    ['a truncated PNG', png().subarray(0, 40), 'image/png', undefined],
    ['an SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', 'invalid'],
    ['an SVG with an event handler', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), 'image/svg+xml', 'invalid'],
    ['XML that is not SVG', Buffer.from('<html><body/></html>'), 'image/svg+xml', undefined],
  ])('rejects %s', (_label, data, type, kind) => {
    let error: unknown;
    try {
      checkBadgeImage(data, type);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeDefined();
    if (kind) expect(error).toMatchObject({ kind });
    expect((error as { kind?: string }).kind).toMatch(/invalid|unsupported-media-type/);
  });

  it('rejects an oversized image as too large', () => {
    expect(() => checkBadgeImage(Buffer.concat([png(), Buffer.alloc(MAX_IMAGE_BYTES)]), 'image/png')).toThrow(expect.objectContaining({ kind: 'too-large' }));
  });
});

// Test images and an independent reading of PNG chunks: its own CRC table (not the module's), so a
// wrong CRC in baked output cannot hide behind the same bug.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { REFERENCE_DIR } from '../../support/openbadges-reference';

export const fixture = (path: string) => readFileSync(join(REFERENCE_DIR, 'fixtures', path));

/** An RGBA PNG of random noise, which does not compress: about 4 bytes per pixel. */
export function noisePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data = randomBytes(width * height * 4);
  return PNG.sync.write(png);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function referenceCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ParsedChunk {
  type: string;
  offset: number;
  data: Buffer;
  crcOk: boolean;
}

export function parseChunks(png: Buffer): ParsedChunk[] {
  const chunks: ParsedChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crcOk = referenceCrc(png.subarray(offset + 4, offset + 8 + length)) === png.readUInt32BE(offset + 8 + length);
    chunks.push({ type, offset, data, crcOk });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** The parts of an iTXt chunk's data, read by the layout of the PNG specification. */
export function parseItxt(data: Buffer) {
  const keywordEnd = data.indexOf(0);
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  return {
    keyword: data.toString('latin1', 0, keywordEnd),
    compressionFlag: data[keywordEnd + 1],
    compressionMethod: data[keywordEnd + 2],
    languageTag: data.toString('latin1', keywordEnd + 3, languageEnd),
    translatedKeyword: data.toString('utf8', languageEnd + 1, translatedEnd),
    text: data.toString('utf8', translatedEnd + 1),
  };
}

/** A chunk built by hand, for feeding the reader what our baker never writes. */
export function rawChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(referenceCrc(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** `chunks` spliced in just before IEND, where 1EdTech's OB 3.0 fixtures put their iTXt. */
export function beforeIend(png: Buffer, ...chunks: Buffer[]): Buffer {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)]);
}

/** Whether an ordinary decoder (pngjs, which checks CRCs too) reads both images as the same pixels. */
export function samePixels(a: Buffer, b: Buffer): boolean {
  const [first, second] = [PNG.sync.read(a), PNG.sync.read(b)];
  return first.width === second.width && first.height === second.height && first.data.equals(second.data);
}

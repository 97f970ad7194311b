// An uploaded PNG, checked and rebuilt from the chunks that draw it. Every award bakes the stored image
// and every wallet and verifier decodes it, so an image that is cheap to upload but costly to decode
// (a 60000×60000 header, a deflate bomb) or that carries its own Open Badges payload must not get in.
//
// - Dimensions at most MAX_PNG_DIMENSION on each side (4096: far beyond any badge, which shows at
//   a few hundred pixels).
// - The image data is inflated once, with node:zlib's `maxOutputLength` set to exactly what the
//   header's size, colour type, bit depth and interlacing need, so inflating stops there; the
//   decoded size is also capped at MAX_PNG_DECODED_BYTES (a 4096×4096 8-bit RGBA image).
// - Kept: the critical chunks (IHDR, PLTE, IDAT, IEND) and the ancillary chunks that change how the
//   pixels look (tRNS transparency, gAMA, cHRM, sRGB, pHYs: fixed-size, nothing to inflate).
//   Dropped: every other ancillary chunk (text chunks, so an uploaded `openbadges` iTXt never
//   survives, Exif, ICC profiles, APNG frames…), and whatever follows IEND.
import { inflateSync } from 'node:zlib';
import { BakingError } from '../baking';
import { type Chunk, readChunks, typeCode } from '../baking/png-chunks';
import { invalid } from '../errors';

export const MAX_PNG_DIMENSION = 4096;
export const MAX_PNG_DECODED_BYTES = MAX_PNG_DIMENSION * (1 + MAX_PNG_DIMENSION * 4);

const PLTE = typeCode('PLTE');
const IDAT = typeCode('IDAT');
const KEPT_ANCILLARY = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'pHYs'].map(typeCode));

/** Bit depths each colour type allows (PNG specification, table 11.1), and samples per pixel. */
const COLOUR_TYPES: Record<number, { depths: number[]; samples: number }> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};

// Adam7: each pass's first column and row, and its steps.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const refuse = (detail: string) => invalid([{ in: 'body', field: '', detail }]);

export function cleanPng(png: Buffer): Buffer {
  let chunks: Chunk[];
  try {
    chunks = readChunks(png);
  } catch (error) {
    if (error instanceof BakingError) throw refuse(`is not a valid PNG: ${error.message}`);
    throw error;
  }
  const header = readHeader(png, chunks[0]!);
  const idat = chunks.filter((chunk) => chunk.type === IDAT);
  if (idat.length === 0) throw refuse('is a PNG without image data (no IDAT chunk)');
  if (header.colourType === 3 && !chunks.some((chunk) => chunk.type === PLTE)) throw refuse('is a palette PNG without its palette (no PLTE chunk)');
  checkImageData(png, idat, decodedSize(header));
  const kept = chunks.filter((chunk) => isCritical(chunk.type) || KEPT_ANCILLARY.has(chunk.type));
  return Buffer.concat([png.subarray(0, 8), ...kept.map((chunk) => png.subarray(chunk.start, chunk.end))]);
}

/** Bit 5 of a chunk type's first byte is 0 for critical chunks. */
const isCritical = (type: number) => (type & 0x20000000) === 0;

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

function readHeader(png: Buffer, ihdr: Chunk): Header {
  const at = ihdr.dataStart;
  const width = png.readUInt32BE(at);
  const height = png.readUInt32BE(at + 4);
  const [bitDepth, colourType, compression, filter, interlace] = [...png.subarray(at + 8, at + 13)] as [number, number, number, number, number];
  if (width === 0 || height === 0) throw refuse('is a PNG with no pixels (width or height 0)');
  if (width > MAX_PNG_DIMENSION || height > MAX_PNG_DIMENSION) {
    throw refuse(`is a PNG of ${width}×${height} pixels: at most ${MAX_PNG_DIMENSION}×${MAX_PNG_DIMENSION} is accepted`);
  }
  const type = COLOUR_TYPES[colourType];
  if (!type || !type.depths.includes(bitDepth)) throw refuse(`is a PNG with an impossible colour type ${colourType} and bit depth ${bitDepth}`);
  if (compression !== 0 || filter !== 0 || interlace > 1) throw refuse('is a PNG with an unknown compression, filter or interlace method');
  return { width, height, bitDepth, colourType, interlaced: interlace === 1 };
}

/** Bytes of the filtered image data: per row, one filter byte and the row's packed samples. */
function decodedSize({ width, height, bitDepth, colourType, interlaced }: Header): number {
  const bitsPerPixel = bitDepth * COLOUR_TYPES[colourType]!.samples;
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  return ADAM7.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)), 0);
}

function checkImageData(png: Buffer, idat: Chunk[], expected: number) {
  if (expected > MAX_PNG_DECODED_BYTES) {
    throw refuse(`is a PNG whose pixels take ${expected} bytes decoded: at most ${MAX_PNG_DECODED_BYTES} (a ${MAX_PNG_DIMENSION}×${MAX_PNG_DIMENSION} 8-bit RGBA image) is accepted`);
  }
  const compressed = Buffer.concat(idat.map((chunk) => png.subarray(chunk.dataStart, chunk.dataEnd)));
  let decoded: Buffer;
  try {
    decoded = inflateSync(compressed, { maxOutputLength: expected });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw refuse(`is a PNG whose image data inflates to more than the ${expected} bytes its header needs`);
    }
    throw refuse(`is a PNG whose image data cannot be inflated (${(error as Error).message})`);
  }
  if (decoded.length !== expected) throw refuse(`is a PNG whose image data inflates to ${decoded.length} bytes, not the ${expected} its header needs`);
}

// CRC-32 as PNG uses it (ISO 3309 / ITU-T V.42, the same as zlib's). Node's native zlib.crc32 (20.15+,
// 22.2+) runs at several GB/s; on older Node the byte-wise table of the PNG specification (Annex D)
// stands in, about 13x slower.
import * as zlib from 'node:zlib';

const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

export function tableCrc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export const crc32: (data: Uint8Array) => number = typeof zlib.crc32 === 'function' ? zlib.crc32 : tableCrc32;

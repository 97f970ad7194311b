// Baking into PNG (Open Badges 2.0 Baking, OB 3.0 §5.3 "Baked Badge"): one iTXt chunk per keyword,
// uncompressed, with empty language tag and translated keyword. Written right after IHDR, as the
// reference baker (openbadges-bakery) does: readers that stop at the first matching chunk find it
// before the image data. Every existing text chunk (iTXt, tEXt or zTXt: the 1EdTech validator reads all
// three) with a keyword being baked goes, wherever it is, so a re-bake leaves exactly one. Untouched
// chunks are copied as they are, CRCs included.
import { inflateSync } from 'node:zlib';
import { BakingError } from './errors';
import { type BadgeKeyword, type BadgePayloads, isBadgeKeyword, payloadEntries } from './payloads';
import { buildChunk, type Chunk, ITXT, MAX_CHUNK_LENGTH, type PngReadOptions, readChunks, TEXT, ZTXT } from './png-chunks';

export type { PngReadOptions } from './png-chunks';

/** A compressed payload may not inflate past this: a guard against zip bombs, far above any credential. */
const MAX_INFLATED_TEXT = 64 * 1024 * 1024;

/** PNG keywords are 1 to 79 Latin-1 characters, then NUL. */
const MAX_KEYWORD_LENGTH = 79;

export function bakePng(png: Buffer, payloads: BadgePayloads, options?: PngReadOptions): Buffer {
  const entries = payloadEntries(payloads);
  const chunks = readChunks(png, options);
  const baking = new Set(entries.map(([keyword]) => keyword));
  const ihdrEnd = chunks[0]!.end;
  const parts = [png.subarray(0, ihdrEnd), ...entries.map(([keyword, text]) => itxtChunk(keyword, text))];
  let copyFrom = ihdrEnd;
  for (const chunk of chunks) {
    if (!isTextChunk(chunk)) continue;
    const keyword = badgeKeywordOf(png, chunk);
    if (keyword === undefined || !baking.has(keyword)) continue;
    parts.push(png.subarray(copyFrom, chunk.start));
    copyFrom = chunk.end;
  }
  parts.push(png.subarray(copyFrom));
  return Buffer.concat(parts);
}

/**
 * The payloads baked into a PNG: for each keyword the first iTXt chunk (compressed or not), as the specs
 * say to read. OB 2.0 also defines a legacy form, the assertion URL in a tEXt chunk: read when there is
 * no iTXt `openbadges`.
 */
export function unbakePng(png: Buffer, options?: PngReadOptions): BadgePayloads {
  const found: BadgePayloads = {};
  let legacyUrl: string | undefined;
  for (const chunk of readChunks(png, options)) {
    if (chunk.type !== ITXT && chunk.type !== TEXT) continue;
    const keyword = badgeKeywordOf(png, chunk);
    if (keyword === undefined) continue;
    const keywordEnd = chunk.dataStart + keyword.length;
    if (chunk.type === ITXT) found[keyword] ??= itxtText(png, chunk, keywordEnd);
    else if (keyword === 'openbadges') legacyUrl ??= png.toString('latin1', keywordEnd + 1, chunk.dataEnd);
  }
  if (found.openbadges === undefined && legacyUrl !== undefined) found.openbadges = legacyUrl;
  return found;
}

const isTextChunk = (chunk: Chunk) => chunk.type === ITXT || chunk.type === TEXT || chunk.type === ZTXT;

/** The keyword of a text chunk when it is one of ours: the Latin-1 text before the first NUL. */
function badgeKeywordOf(png: Buffer, chunk: Chunk): BadgeKeyword | undefined {
  const searchEnd = Math.min(chunk.dataEnd, chunk.dataStart + MAX_KEYWORD_LENGTH + 1);
  const nul = png.subarray(chunk.dataStart, searchEnd).indexOf(0);
  if (nul <= 0) return undefined;
  const keyword = png.toString('latin1', chunk.dataStart, chunk.dataStart + nul);
  return isBadgeKeyword(keyword) ? keyword : undefined;
}

function itxtChunk(keyword: BadgeKeyword, text: string): Buffer {
  const textLength = Buffer.byteLength(text, 'utf8');
  // keyword, NUL, compression flag 0, compression method 0, empty language tag + NUL, empty translated keyword + NUL
  const headerLength = keyword.length + 5;
  if (headerLength + textLength > MAX_CHUNK_LENGTH) throw new BakingError('invalid-payload', `The ${keyword} payload is too large for a PNG chunk`);
  return buildChunk(ITXT, headerLength + textLength, (chunk, at) => {
    chunk.write(keyword, at, 'latin1');
    chunk.fill(0, at + keyword.length, at + headerLength);
    chunk.write(text, at + headerLength, 'utf8');
  });
}

/** iTXt data after the keyword's NUL: compression flag, method, language tag NUL, translated keyword NUL, text. */
function itxtText(png: Buffer, chunk: Chunk, keywordEnd: number): string {
  const compressed = png[keywordEnd + 1];
  const method = png[keywordEnd + 2];
  const languageEnd = nulBetween(png, keywordEnd + 3, chunk.dataEnd);
  const translatedEnd = languageEnd < 0 ? -1 : nulBetween(png, languageEnd + 1, chunk.dataEnd);
  if (translatedEnd < 0) throw new BakingError('malformed-text-chunk', `The iTXt chunk at byte ${chunk.start} is cut short`);
  const text = png.subarray(translatedEnd + 1, chunk.dataEnd);
  if (compressed === 0) return text.toString('utf8');
  if (compressed !== 1 || method !== 0) throw new BakingError('malformed-text-chunk', `The iTXt chunk at byte ${chunk.start} uses an unknown compression`);
  try {
    return inflateSync(text, { maxOutputLength: MAX_INFLATED_TEXT }).toString('utf8');
  } catch (error) {
    throw new BakingError('malformed-text-chunk', `The compressed iTXt chunk at byte ${chunk.start} cannot be inflated: ${(error as Error).message}`);
  }
}

function nulBetween(png: Buffer, from: number, to: number): number {
  if (from >= to) return -1;
  const at = png.subarray(from, to).indexOf(0);
  return at < 0 ? -1 : from + at;
}

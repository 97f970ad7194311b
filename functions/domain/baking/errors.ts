// Why an image could not be baked or read. `code` says exactly what was wrong, for callers and tests;
// the DomainError kind lets the one HTTP error handler answer 400 or 415 without knowing about baking.
import { DomainError, type DomainErrorKind } from '../errors';

export type BakingErrorCode =
  /** Neither a PNG nor an SVG. */
  | 'unsupported-format'
  /** Said to be a PNG, but without the PNG signature. */
  | 'not-png'
  /** The PNG ends inside a chunk, or before its IEND chunk. */
  | 'truncated'
  /** Chunk structure broken: IHDR not first, a chunk type that is not four letters, an impossible length. */
  | 'malformed-png'
  /** A chunk's CRC-32 does not match its type and data. */
  | 'bad-crc'
  /** An Open Badges text chunk that cannot be read (bad layout, unknown compression, corrupt zlib data). */
  | 'malformed-text-chunk'
  /** Not an XML document whose root element is svg. */
  | 'not-svg'
  /** An SVG that is not well-formed XML (unclosed comment or tag, mismatched end tag…). */
  | 'malformed-svg'
  /** Not UTF-8: the payload is written as UTF-8, so the document must be in it too. */
  | 'unsupported-encoding'
  /** Nothing to bake, or text that cannot be baked as given. */
  | 'invalid-payload';

const kindOf: Record<BakingErrorCode, DomainErrorKind> = {
  'unsupported-format': 'unsupported-media-type',
  'not-png': 'unsupported-media-type',
  'not-svg': 'unsupported-media-type',
  'unsupported-encoding': 'unsupported-media-type',
  truncated: 'invalid',
  'malformed-png': 'invalid',
  'bad-crc': 'invalid',
  'malformed-text-chunk': 'invalid',
  'malformed-svg': 'invalid',
  'invalid-payload': 'invalid',
};

export class BakingError extends DomainError {
  constructor(
    readonly code: BakingErrorCode,
    message: string,
  ) {
    super(kindOf[code], message);
    this.name = 'BakingError';
  }
}

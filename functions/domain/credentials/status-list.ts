// W3C Bitstring Status List v1.0: one bit per credential (1 = revoked), GZIP-compressed, then
// base64url without padding as a multibase string (prefix `u`), carried in a
// BitstringStatusListCredential signed like any other credential.
import { gunzipSync, gzipSync } from 'node:zlib';
import { CONTEXTS } from './context-urls';

/**
 * The spec's minimum length (16 KiB of bits) and the length of our lists: a shorter list would tell
 * how many credentials an issuer has, and would let the fetch of a list single out its few holders.
 */
export const STATUS_LIST_BITS = 131_072;

// Verifying another issuer's credential decodes a list fetched from the network, and a few kilobytes
// of GZIP can inflate to gigabytes. 16 MiB is 128 times the minimum list.
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export type StatusPurpose = 'revocation' | 'suspension';

/** An encodedList that cannot be read: not multibase base64url, not GZIP, or too large once inflated. */
export class StatusListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusListError';
  }
}

/** All bits clear. Whole bytes only, so that the list's length in bits is what a verifier decodes. */
export function createStatusList(lengthBits = STATUS_LIST_BITS): Uint8Array {
  if (!Number.isInteger(lengthBits) || lengthBits <= 0 || lengthBits % 8 !== 0) {
    throw new RangeError(`A status list is a positive whole number of bytes; ${lengthBits} bits is not`);
  }
  return new Uint8Array(lengthBits / 8);
}

/**
 * An issuer's revocation list, encoded: at least the spec's minimum and long enough for every index
 * handed out (`allocated`), in whole minimums, with the revoked indices' bits set.
 */
export function encodedRevocationList(allocated: number, revoked: Iterable<number>): string {
  const list = createStatusList(Math.max(1, Math.ceil(allocated / STATUS_LIST_BITS)) * STATUS_LIST_BITS);
  for (const index of revoked) setStatus(list, index, true);
  return encodeList(list);
}

/** Index 0 is the left-most (most significant) bit of the first byte, as the spec numbers them. */
export function setStatus(list: Uint8Array, index: number, revoked: boolean): void {
  const mask = bitMask(list, index);
  list[index >> 3] = revoked ? list[index >> 3]! | mask : list[index >> 3]! & ~mask;
}

export function getStatus(list: Uint8Array, index: number): boolean {
  return (list[index >> 3]! & bitMask(list, index)) !== 0;
}

function bitMask(list: Uint8Array, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) throw new RangeError(`Status index ${index} is outside the list of ${list.length * 8} bits`);
  return 0x80 >> index % 8;
}

export const encodeList = (list: Uint8Array): string => `u${gzipSync(list).toString('base64url')}`;

/** Throws StatusListError when the text is not a list, or inflates to more than 16 MiB. */
export function decodeList(encoded: string): Uint8Array {
  // Node's base64url decoder skips characters outside the alphabet, so check the alphabet first.
  if (!/^u[A-Za-z0-9_-]+$/.test(encoded)) throw new StatusListError('encodedList is not multibase base64url (u followed by base64url without padding)');
  try {
    return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: MAX_DECODED_BYTES }));
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new StatusListError(tooLarge ? `encodedList inflates to more than ${MAX_DECODED_BYTES} bytes` : 'encodedList is not GZIP-compressed data');
  }
}

export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: StatusPurpose; encodedList: string };
}

/** Unsigned. The VC 2.0 context alone defines every BitstringStatusList term. */
export function buildStatusListCredential(input: {
  id: string;
  issuer: string;
  validFrom: string;
  encodedList: string;
  statusPurpose?: StatusPurpose;
}): StatusListCredential {
  const { id, issuer, validFrom, encodedList, statusPurpose = 'revocation' } = input;
  return {
    '@context': [CONTEXTS.credentialsV2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom,
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose, encodedList },
  };
}

// W3C Bitstring Status List v1.0: one bit per credential (1 = revoked), GZIP-compressed, base64url
// multibase-encoded (prefix `u`), carried in a BitstringStatusListCredential signed like any other.
import { gunzipSync, gzipSync } from 'node:zlib';
import { CONTEXTS } from './context-urls';

/** The spec's minimum: 16 KB of bits, so that a list does not reveal how many credentials exist. */
export const STATUS_LIST_BITS = 131_072;
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export const createStatusList = (bits = STATUS_LIST_BITS) => new Uint8Array(Math.ceil(bits / 8));

/** Index 0 is the left-most (most significant) bit of the first byte. */
export function setStatus(list: Uint8Array, index: number, on: boolean): void {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) throw new RangeError(`Status index ${index} is outside the list`);
  const mask = 0x80 >> index % 8;
  list[index >> 3] = on ? list[index >> 3]! | mask : list[index >> 3]! & ~mask;
}

export function getStatus(list: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) throw new RangeError(`Status index ${index} is outside the list`);
  return (list[index >> 3]! & (0x80 >> index % 8)) !== 0;
}

export const encodeList = (list: Uint8Array) => `u${gzipSync(list).toString('base64url')}`;

export function decodeList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not base64url multibase (u…)');
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: MAX_DECODED_BYTES }));
}

export function buildStatusListCredential(input: { id: string; issuer: string; validFrom: string; encodedList: string }) {
  return {
    '@context': [CONTEXTS.credentialsV2],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: { id: `${input.id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: input.encodedList },
  };
}
